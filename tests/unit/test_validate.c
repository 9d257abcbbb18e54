/* Unit tests for text/validate.c: check digits, SIN, client numbers, postal codes, email,
 * phone, and the jspec check callbacks. */
#include <stdint.h>
#include <stdio.h>

#include "t.h"
#include "text/validate.h"

static void
test_luhn(void)
{
	/* The textbook example: 7992739871 takes check digit 3. */
	CHECK_INT(luhn_check_digit("7992739871"), 3);
	CHECK(luhn_valid("79927398713"));
	for (char c = '0'; c <= '9'; c++) {
		char s[] = "7992739871X";
		s[10] = c;
		CHECK(luhn_valid(s) == (c == '3'));
	}
	CHECK_INT(luhn_check_digit("1234567"), 4);
	CHECK_INT(luhn_check_digit("0000001"), 8);
	CHECK_INT(luhn_check_digit("9999999"), 7);
	CHECK_INT(luhn_check_digit("04645428"), 6);
	CHECK_INT(luhn_check_digit(""), 0);
	CHECK_INT(luhn_check_digit("12a4"), -1);
	CHECK_INT(luhn_check_digit(NULL), -1);
	CHECK(luhn_valid("4111111111111111"));
	CHECK(!luhn_valid("4111111111111112"));
	CHECK(!luhn_valid("41111111111111a1"));
	CHECK(!luhn_valid("0"));   /* too short to carry a check digit */
	CHECK(luhn_valid("00"));
	CHECK(!luhn_valid(""));
	CHECK(!luhn_valid(NULL));
}

/* Builds a Luhn-valid 9-digit string from an 8-digit prefix. */
static void
with_check(const char *prefix8, char out[10])
{
	snprintf(out, 10, "%s%d", prefix8, luhn_check_digit(prefix8));
}

static void
test_sin(void)
{
	char d[10], s[10];

	/* The published specimen is Luhn-valid but starts with 0: never a person's number. */
	CHECK(luhn_valid("046454286"));
	CHECK(!sin_parse("046 454 286", d));
	CHECK(sin_parse("193 456 787", d));
	CHECK_STR(d, "193456787");
	CHECK(sin_parse("193-456-787", d));
	CHECK_STR(d, "193456787");
	CHECK(sin_parse("193456787", d));
	CHECK_STR(d, "193456787");
	CHECK(!sin_parse("193 456 788", d));
	CHECK(!sin_parse("193456788", d));
	CHECK(sin_parse("130 692 544", d));
	CHECK_STR(d, "130692544");
	CHECK(!sin_parse("130 692 545", d));
	/* Every first digit except 0 and 8, each with a correct check digit. */
	for (char first = '0'; first <= '9'; first++) {
		char prefix[9] = "12345678";
		prefix[0] = first;
		with_check(prefix, s);
		CHECK(sin_parse(s, d) == (first != '0' && first != '8'));
	}
	/* Layouts. */
	CHECK(!sin_parse("193 456-787", d));
	CHECK(!sin_parse("193  456 787", d));
	CHECK(!sin_parse("193.456.787", d));
	CHECK(!sin_parse("1934 56787", d));
	CHECK(!sin_parse(" 193456787", d));
	CHECK(!sin_parse("19345678", d));
	CHECK(!sin_parse("1934567870", d));
	CHECK(!sin_parse("19345678a", d));
	CHECK(!sin_parse("193 456 78a", d));
	CHECK(!sin_parse("", d));
	CHECK(!sin_parse(NULL, d));
	/* Output untouched on failure. */
	memcpy(d, "untouched", 10);
	CHECK(!sin_parse("046454287", d));
	CHECK_STR(d, "untouched");
}

static void
test_sin_mask(void)
{
	char m[12];

	sin_mask("046454286", m);
	CHECK_STR(m, "*** *** 286");
	sin_mask("130692544", m);
	CHECK_STR(m, "*** *** 544");
	sin_mask("12", m);
	CHECK_STR(m, "*** *** ***");
	sin_mask("0464542xx", m);
	CHECK_STR(m, "*** *** ***");
	sin_mask(NULL, m);
	CHECK_STR(m, "*** *** ***");
}

static void
test_client_number(void)
{
	char c[10];

	client_number_make(1234567, c);
	CHECK_STR(c, "C12345674");
	client_number_make(1, c);
	CHECK_STR(c, "C00000018");
	client_number_make(9999999, c);
	CHECK_STR(c, "C99999997");
	client_number_make(42, c);
	CHECK_STR(c, "C00000422");

	/* Round trip over many sequence numbers; any changed last digit is caught. */
	int bad = 0;
	for (int64_t seq = 1; seq <= 9999999; seq += (seq < 2000 ? 1 : 9973)) {
		client_number_make(seq, c);
		int64_t back = 0;
		if (strlen(c) != 9 || c[0] != 'C' || !client_number_valid(c))
			bad++;
		for (int i = 1; i <= 7; i++)
			back = back * 10 + (c[i] - '0');
		if (back != seq)
			bad++;
		char orig = c[8];
		for (char k = '0'; k <= '9'; k++) {
			c[8] = k;
			if (k != orig && client_number_valid(c))
				bad++;
		}
		c[8] = orig;
		/* A single changed digit in the sequence part is caught too. */
		c[3] = c[3] == '9' ? '0' : (char)(c[3] + 1);
		if (client_number_valid(c))
			bad++;
	}
	CHECK_INT(bad, 0);

	/* Out of range: nothing is issued. */
	memcpy(c, "XXXXXXXXX", 10);
	client_number_make(0, c);
	CHECK_STR(c, "");
	client_number_make(10000000, c);
	CHECK_STR(c, "");
	client_number_make(-7, c);
	CHECK_STR(c, "");

	CHECK(client_number_valid("C12345674"));
	CHECK(!client_number_valid("C12345675"));
	CHECK(!client_number_valid("C21345674")); /* adjacent transposition */
	CHECK(!client_number_valid("c12345674"));
	CHECK(!client_number_valid("X12345674"));
	CHECK(!client_number_valid("C1234567"));
	CHECK(!client_number_valid("C123456740"));
	CHECK(!client_number_valid("C1234567a"));
	CHECK(!client_number_valid("12345674"));
	CHECK(!client_number_valid("C00000000")); /* sequence 0, although Luhn-valid */
	CHECK(!client_number_valid(""));
	CHECK(!client_number_valid(NULL));
}

static void
test_postal_code(void)
{
	char pc[8];

	CHECK(postal_code_parse("K1A 0B1", pc));
	CHECK_STR(pc, "K1A 0B1");
	CHECK(postal_code_parse("k1a 0b1", pc));
	CHECK_STR(pc, "K1A 0B1");
	CHECK(postal_code_parse("k1a0b1", pc));
	CHECK_STR(pc, "K1A 0B1");
	CHECK(postal_code_parse("H3Z2Y7", pc));
	CHECK_STR(pc, "H3Z 2Y7");
	CHECK(postal_code_parse("X0A 0H0", pc));
	CHECK_STR(pc, "X0A 0H0");
	CHECK(postal_code_parse("T2W 1V4", pc)); /* W and Z are fine after the first letter */
	CHECK_STR(pc, "T2W 1V4");

	CHECK(!postal_code_parse("D1A 1A1", pc));
	CHECK(!postal_code_parse("W1A 1A1", pc));
	CHECK(!postal_code_parse("Z1A 1A1", pc));
	CHECK(!postal_code_parse("K1D 1A1", pc));
	CHECK(!postal_code_parse("K1A 1F1", pc));
	CHECK(!postal_code_parse("K1I 1A1", pc));
	CHECK(!postal_code_parse("K1A 1O1", pc));
	CHECK(!postal_code_parse("K1Q 1A1", pc));
	CHECK(!postal_code_parse("K1A 1U1", pc));
	CHECK(!postal_code_parse("k1d0b1", pc));
	CHECK(!postal_code_parse("K1A  0B1", pc));
	CHECK(!postal_code_parse("K1A-0B1", pc));
	CHECK(!postal_code_parse(" K1A 0B1", pc));
	CHECK(!postal_code_parse("K1A 0B", pc));
	CHECK(!postal_code_parse("K1A 0B12", pc));
	CHECK(!postal_code_parse("KKA 0B1", pc));
	CHECK(!postal_code_parse("K1A 0BB", pc));
	CHECK(!postal_code_parse("11A 0B1", pc));
	CHECK(!postal_code_parse("K1\xC3\x89 0B1", pc));
	CHECK(!postal_code_parse("", pc));
	CHECK(!postal_code_parse(NULL, pc));

	/* Every first letter: exactly the 18 in use. */
	int accepted = 0;
	for (char l = 'A'; l <= 'Z'; l++) {
		char in[8] = "A1A 1A1";
		in[0] = l;
		bool ok = postal_code_parse(in, pc);
		CHECK(ok == (strchr("ABCEGHJKLMNPRSTVXY", l) != NULL));
		accepted += ok;
	}
	CHECK_INT(accepted, 18);
	/* Letters in the other positions: all but D F I O Q U. */
	for (char l = 'A'; l <= 'Z'; l++) {
		char in[8] = "K1A 1A1";
		in[2] = l;
		CHECK(postal_code_parse(in, pc) == (strchr("DFIOQU", l) == NULL));
		in[2] = 'A';
		in[5] = l;
		CHECK(postal_code_parse(in, pc) == (strchr("DFIOQU", l) == NULL));
	}
}

static void
test_email(void)
{
	char longer[300];

	CHECK(email_valid("elodie@example.ca"));
	CHECK(email_valid("e.cote-tremblay+test@sub.example.gouv.qc.ca"));
	CHECK(email_valid("\xC3\xA9lodie@exemple.ca"));
	CHECK(!email_valid(""));
	CHECK(!email_valid("plainaddress"));
	CHECK(!email_valid("@example.ca"));
	CHECK(!email_valid("a@b@example.ca"));
	CHECK(!email_valid("a@localhost"));
	CHECK(!email_valid("a@"));
	CHECK(!email_valid("a b@example.ca"));
	CHECK(!email_valid("a@example.ca "));
	CHECK(!email_valid("a\t@example.ca"));
	CHECK(!email_valid("a\x7F@example.ca"));
	CHECK(!email_valid("a@example..ca"));
	CHECK(!email_valid("a@.example.ca"));
	CHECK(!email_valid("a@example.ca."));
	CHECK(!email_valid("<a@example.ca>"));
	CHECK(!email_valid("a,b@example.ca"));
	CHECK(!email_valid("\"a\"@example.ca"));
	CHECK(!email_valid(NULL));
	/* 254 bytes is the limit. */
	memset(longer, 'a', sizeof(longer));
	memcpy(longer + 254 - 11, "@example.ca", 12);
	CHECK_INT(strlen(longer), 254);
	CHECK(email_valid(longer));
	memset(longer, 'a', sizeof(longer));
	memcpy(longer + 255 - 11, "@example.ca", 12);
	CHECK(!email_valid(longer));
}

static void
test_phone(void)
{
	char p[11];

	static const char *const good[] = {
		"613-555-0123", "(613) 555-0123", "613.555.0123", "6135550123",
		"+1 613 555 0123", "+16135550123", "1-613-555-0123", "1 (613) 555-0123",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		memset(p, 0, sizeof(p));
		CHECK(phone_parse(good[i], p));
		CHECK_STR(p, "6135550123");
	}
	static const char *const bad[] = {
		"555-0123", "613-555-012", "613-555-01234", "2-613-555-0123",
		"+2 613 555 0123", "+1 1 613 555 0123", "+44 20 7946 0958", "013-555-0123",
		"113-555-0123", "613-055-0123", "613-155-0123", "613-555-0123 x12",
		"613/555/0123", "613-555-O123", "1+613-555-0123", "", "+", "+1", NULL,
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(p, "untouched!", 11);
		CHECK(!phone_parse(bad[i], p));
		CHECK_STR(p, "untouched!");
	}
}

static void
test_checks(void)
{
	CHECK_INT(check_sin("193 456 787"), E_NONE);
	CHECK_INT(check_sin("046 454 286"), E_FIELD_SIN);
	CHECK_INT(check_sin("046 454 287"), E_FIELD_SIN);
	CHECK_INT(check_postal("k1a0b1"), E_NONE);
	CHECK_INT(check_postal("D1A 1A1"), E_FIELD_POSTAL);
	CHECK_INT(check_email("a@example.ca"), E_NONE);
	CHECK_INT(check_email("a@example"), E_FIELD_EMAIL);
	CHECK_INT(check_phone("613 555 0123"), E_NONE);
	CHECK_INT(check_phone("555 0123"), E_FIELD_FORMAT);
	CHECK_INT(check_sin(NULL), E_FIELD_SIN);
	CHECK_INT(check_postal(NULL), E_FIELD_POSTAL);
	CHECK_INT(check_email(NULL), E_FIELD_EMAIL);
	CHECK_INT(check_phone(NULL), E_FIELD_FORMAT);
}

T_MAIN(T(test_luhn), T(test_sin), T(test_sin_mask), T(test_client_number),
    T(test_postal_code), T(test_email), T(test_phone), T(test_checks))
