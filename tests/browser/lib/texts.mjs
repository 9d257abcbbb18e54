// What the tests look for on the pages, per language: labels (fields are found by their
// visible label first, which proves the labels work; by name only as a reported fallback),
// button names and a few texts of the frame (msg/{en,fr}/frame.txt).

export const TEXT = {
	en: {
		errorTitle: 'Error: ',
		email: /^\s*(your\s+)?e-?mail(\s+address)?\b/i,
		password: /^\s*(your\s+|create\s+a\s+)?password\b/i,
		passwordConfirm: /confirm|again|re-?enter|retype|repeat/i,
		givenName: /given name|first name/i,
		familyName: /family name|last name|surname/i,
		birth: /birth/i,
		year: 'Year', month: 'Month', day: 'Day',
		language: /language/i,
		langOwn: /^\s*English\b/i,
		startNow: /^\s*start now\b/i,
		sponsorNumber: /sponsor/i,
		trade: /trade/i,
		tradeOption: /electrician.*construction and maintenance|^\s*309A\b/i,
		startDate: /start/i,
		checkAnswers: /check your answers/i,
		submit: /submit|send/i,
		reference: /reference|number/i,
		signatory: /name of the person signing|signatory/i,
		registered: /\bregistered\b/i,
		stay: /stay signed in/i,
		nextPage: /next page/i,
	},
	fr: {
		errorTitle: 'Erreur : ',
		email: /^\s*(votre\s+)?(adresse\s+)?(courriel|e-?mail|électronique)\b/i,
		password: /^\s*(votre\s+)?mot de passe\b/i,
		passwordConfirm: /confirm|répét|de nouveau|encore|retap/i,
		givenName: /prénom/i,
		familyName: /nom de famille|^\s*nom\b/i,
		birth: /naissance/i,
		year: 'Année', month: 'Mois', day: 'Jour',
		language: /langue/i,
		langOwn: /^\s*fran[çc]ais\b/i,
		startNow: /^\s*(commencer|démarrer)\b/i,
		sponsorNumber: /parrain|employeur/i,
		trade: /métier/i,
		tradeOption: /électricien.*construction et entretien|^\s*309A\b/i,
		startDate: /début|commence/i,
		checkAnswers: /vérifi/i,
		submit: /soumettre|envoyer|transmettre/i,
		reference: /référence|numéro/i,
		signatory: /nom de la personne qui signe|signataire/i,
		registered: /\binscrite?\b/i,
		stay: /rester connecté/i,
		nextPage: /page suivante/i,
	},
};

// Non-breaking and narrow no-break spaces as plain spaces (French typography).
export function plain(s) {
	return String(s ?? '').replace(/[\u00a0\u202f]/g, ' ');
}
