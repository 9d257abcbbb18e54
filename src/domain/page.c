#include "domain/page.h"

int64_t
page_trim(json_t *items, int limit)
{
	if (limit <= 0 || json_array_size(items) <= (size_t)limit)
		return 0;
	while (json_array_size(items) > (size_t)limit)
		json_array_remove(items, json_array_size(items) - 1);
	return json_integer_value(json_object_get(json_array_get(items, (size_t)limit - 1), "id"));
}
