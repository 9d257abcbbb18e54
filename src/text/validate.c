/* validate: formats and check digits of identifiers people type.
 *
 * Contract: pure functions over NUL-terminated ASCII/UTF-8 input; NULL input is invalid.
 * Output buffers are written only on success (client_number_make excepted, see there).
 * Threading: no state at all, so thread-safe.
 *
 * Rules beyond the header's one-liners:
 * - SIN: 9 digits, either bare or grouped 3-3-3 with one space or hyphen between groups.
 *   First digit 8 (business numbers) and 0 (never issued to a person; the widely published
 *   specimen 046 454 286 is one) are refused.
 * - Phone: North American numbering, so the area code and exchange cannot begin with 0 or 1.
 * - Email: also refuses the characters ( ) < > , ; : \ " [ ] and empty domain labels. */
#include "text/validate.h"

#include <string.h>

#define CLIENT_SEQ_MAX 9999999

static bool
validate_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
validate_is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static char
validate_upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

/* Luhn sum of digits[0..n) where the rightmost digit is doubled when double_last. */
static int
validate_luhn_sum(const char *digits, size_t n, bool double_last)
{
	int sum = 0;
	bool dbl = double_last;

	for (size_t i = n; i-- > 0;) {
		if (!validate_is_digit(digits[i]))
			return -1;
		int d = digits[i] - '0';
		if (dbl) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
		dbl = !dbl;
	}
	return sum;
}

int
luhn_check_digit(const char *digits)
{
	if (digits == NULL)
		return -1;
	/* The check digit will be appended, so the current last digit gets doubled. */
	int sum = validate_luhn_sum(digits, strlen(digits), true);
	return sum < 0 ? -1 : (10 - sum % 10) % 10;
}

bool
luhn_valid(const char *digits)
{
	if (digits == NULL || strlen(digits) < 2)
		return false;
	int sum = validate_luhn_sum(digits, strlen(digits), false);
	return sum >= 0 && sum % 10 == 0;
}

bool
sin_parse(const char *in, char out[10])
{
	char d[10];
	size_t n = 0;

	if (in == NULL)
		return false;
	size_t len = strlen(in);
	if (len == 11 && in[3] == in[7] && (in[3] == ' ' || in[3] == '-')) {
		for (size_t i = 0; i < len; i++)
			if (i != 3 && i != 7)
				d[n++] = in[i];
	} else if (len == 9) {
		memcpy(d, in, 9);
		n = 9;
	} else
		return false;
	d[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!validate_is_digit(d[i]))
			return false;
	if (!luhn_valid(d))
		return false;
	if (d[0] == '0' || d[0] == '8')
		return false;
	memcpy(out, d, 10);
	return true;
}

void
sin_mask(const char *digits9, char out[12])
{
	memcpy(out, "*** *** ***", 12);
	if (digits9 == NULL || strlen(digits9) != 9)
		return;
	for (int i = 0; i < 9; i++)
		if (!validate_is_digit(digits9[i]))
			return;
	memcpy(out + 8, digits9 + 6, 3);
}

/* Out-of-range sequence numbers are a caller bug; out becomes "" so nothing is issued. */
void
client_number_make(int64_t seq, char out[10])
{
	if (seq < 1 || seq > CLIENT_SEQ_MAX) {
		out[0] = '\0';
		return;
	}
	out[0] = 'C';
	for (int i = 7; i >= 1; i--) {
		out[i] = (char)('0' + seq % 10);
		seq /= 10;
	}
	out[8] = '\0';
	out[8] = (char)('0' + luhn_check_digit(out + 1));
	out[9] = '\0';
}

bool
client_number_valid(const char *s)
{
	if (s == NULL || s[0] != 'C' || strlen(s) != 9)
		return false;
	if (strncmp(s + 1, "0000000", 7) == 0)
		return false; /* sequence 0 is never issued */
	return luhn_valid(s + 1);
}

bool
postal_code_parse(const char *in, char out[8])
{
	static const char first[] = "ABCEGHJKLMNPRSTVXY";
	static const char never[] = "DFIOQU";
	char c[6];

	if (in == NULL)
		return false;
	size_t len = strlen(in);
	if (len == 7 && in[3] == ' ') {
		memcpy(c, in, 3);
		memcpy(c + 3, in + 4, 3);
	} else if (len == 6)
		memcpy(c, in, 6);
	else
		return false;
	for (int i = 0; i < 6; i++) {
		if (i % 2 == 0) {
			if (!validate_is_alpha(c[i]))
				return false;
			c[i] = validate_upper(c[i]);
			if (strchr(never, c[i]) != NULL)
				return false;
		} else if (!validate_is_digit(c[i]))
			return false;
	}
	if (strchr(first, c[0]) == NULL)
		return false;
	memcpy(out, c, 3);
	out[3] = ' ';
	memcpy(out + 4, c + 3, 3);
	out[7] = '\0';
	return true;
}

bool
email_valid(const char *s)
{
	if (s == NULL)
		return false;
	size_t len = strlen(s);
	const char *at = strchr(s, '@');
	if (len > 254 || at == NULL || at == s || strchr(at + 1, '@') != NULL)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p == 0x7F || strchr("()<>,;:\\\"[]", *p) != NULL)
			return false;
	/* Domain: dot-separated non-empty labels, at least two of them. */
	const char *dom = at + 1;
	if (*dom == '\0' || *dom == '.' || s[len - 1] == '.' || strstr(dom, "..") != NULL)
		return false;
	return strchr(dom, '.') != NULL;
}

bool
phone_parse(const char *in, char out[11])
{
	char d[12];
	size_t n = 0;

	if (in == NULL)
		return false;
	const char *p = in;
	if (p[0] == '+') {
		if (p[1] != '1')
			return false;
		p += 2;
	}
	for (; *p; p++) {
		if (validate_is_digit(*p)) {
			if (n == 11)
				return false;
			d[n++] = *p;
		} else if (strchr(" .-()", *p) == NULL)
			return false;
	}
	const char *ten = d;
	if (n == 11 && d[0] == '1' && in[0] != '+')
		ten = d + 1; /* leading trunk prefix "1" */
	else if (n != 10)
		return false;
	if (ten[0] < '2' || ten[3] < '2')
		return false;
	memcpy(out, ten, 10);
	out[10] = '\0';
	return true;
}

enum err_id
check_sin(const char *s)
{
	char d[10];
	return sin_parse(s, d) ? E_NONE : E_FIELD_SIN;
}

enum err_id
check_postal(const char *s)
{
	char pc[8];
	return postal_code_parse(s, pc) ? E_NONE : E_FIELD_POSTAL;
}

enum err_id
check_email(const char *s)
{
	return email_valid(s) ? E_NONE : E_FIELD_EMAIL;
}

enum err_id
check_phone(const char *s)
{
	char ph[11];
	return phone_parse(s, ph) ? E_NONE : E_FIELD_FORMAT;
}
