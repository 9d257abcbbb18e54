/* Fuzz target: CSV import parsing (csvio_parse) of each kind; the first byte picks the kind. */
#include <stdint.h>

#include "domain/csvio.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	enum csv_kind kind = (enum csv_kind)(data[0] % 3);
	struct csv_rows rows;
	struct csv_report rep;
	csvio_parse(kind, (const char *)data + 1, size - 1, &rows, &rep);
	csvio_rows_free(&rows);
	csvio_report_free(&rep);
	return 0;
}
