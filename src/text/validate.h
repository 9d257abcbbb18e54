/* validate: formats and check digits of identifiers people type. Pure functions. */
#ifndef PASSERELLE_VALIDATE_H
#define PASSERELLE_VALIDATE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Luhn (mod 10) check digit over a string of decimal digits; -1 if a non-digit appears. */
int luhn_check_digit(const char *digits);
bool luhn_valid(const char *digits);

/* Social Insurance Number: 9 digits (spaces or hyphens allowed in input), Luhn-valid,
 * first digit not 0 or 8. Writes the 9 bare digits + NUL into out. */
bool sin_parse(const char *in, char out[10]);
/* "*** *** 123" from 9 digits. */
void sin_mask(const char *digits9, char out[12]);

/* Client numbers: "C" + 8 digits, the last a Luhn check digit over the 7 before it
 * ("C12345674"). client_number_make(seq) builds one from a sequence number (1..9,999,999). */
void client_number_make(int64_t seq, char out[10]);
bool client_number_valid(const char *s);

/* Canadian postal code "A1A 1A1" (letters D F I O Q U never; W Z not first); accepts lower
 * case and no space. Writes the canonical upper-case form with a space into out. */
bool postal_code_parse(const char *in, char out[8]);
/* Pragmatic email check: one @, non-empty local part, a dot in the domain, no spaces or
 * control characters, <= 254 bytes. */
bool email_valid(const char *s);
/* Phone: 10 digits after removing spaces, dots, hyphens, parentheses and a leading +1 or 1. */
bool phone_parse(const char *in, char out[11]);

/* jspec check callbacks (return E_NONE or the error). */
enum err_id check_sin(const char *s);
enum err_id check_postal(const char *s);
enum err_id check_email(const char *s);
enum err_id check_phone(const char *s);

#endif
