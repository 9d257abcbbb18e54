/* metrics: request counters and latency histogram for /metrics (rendered by metrics_render(),
 * declared in http.h).
 *
 * Threading: metrics_observe() is lock-free (relaxed atomics) and may be called from any
 * thread; metrics_render() reads the counters without stopping writers, so a scrape may see
 * one request in the counter but not yet in the histogram. */
#ifndef PASSERELLE_METRICS_H
#define PASSERELLE_METRICS_H
#include <stdint.h>

/* Counts one finished request. route_name is borrowed for the life of the process (the route
 * table's static strings; NULL counts as "unmatched"). status is the HTTP status sent;
 * dur_us the time from the request line to the end of the response. */
void metrics_observe(const char *route_name, unsigned status, int64_t dur_us);

#endif
