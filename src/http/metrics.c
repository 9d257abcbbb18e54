/* metrics: request counters per (route name, status), one latency histogram, and the store's
 * counters, rendered as Prometheus text.
 *
 * The hot path (metrics_observe, once per request) is a few relaxed atomic adds: the route's
 * slot is found in an open-addressed table keyed by the name's address (route names are the
 * route table's static strings), inserted with a compare-and-swap the first time. Two
 * different addresses holding the same name get two slots; the renderer merges them.
 *
 * Threading: lock-free; any thread may observe while another renders. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "http/http.h"
#include "http/metrics.h"

#define SLOTS 128             /* power of two; routes are ~60 */
#define STATUS_MIN 100
#define STATUS_N 500          /* 100..599 */

struct slot {
	_Atomic(const char *) name;
	_Atomic uint64_t by_status[STATUS_N];
};

static struct slot slots[SLOTS];
static struct slot overflow_slot; /* when the table is full (never with a sane route table) */

/* Latency buckets, upper bounds in microseconds (Prometheus default-like, 0.5 ms..2.5 s). */
static const int64_t bucket_us[] = {
	500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000
};
static const char *const bucket_le[] = {
	"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1",
	"2.5"
};
#define NBUCKETS (sizeof(bucket_us) / sizeof(bucket_us[0]))

static _Atomic uint64_t lat_bucket[NBUCKETS + 1]; /* not cumulative; last = +Inf */
static _Atomic uint64_t lat_sum_us, lat_count;

static struct slot *
slot_for(const char *name)
{
	uintptr_t h = (uintptr_t)name;
	h ^= h >> 17;
	h *= (uintptr_t)0x9e3779b97f4a7c15ull;
	size_t i = (size_t)(h >> 7) & (SLOTS - 1);
	for (size_t probes = 0; probes < SLOTS; probes++, i = (i + 1) & (SLOTS - 1)) {
		const char *cur = atomic_load_explicit(&slots[i].name, memory_order_acquire);
		if (cur == name)
			return &slots[i];
		if (cur == NULL) {
			const char *expect = NULL;
			if (atomic_compare_exchange_strong_explicit(&slots[i].name, &expect, name,
			    memory_order_acq_rel, memory_order_acquire) || expect == name)
				return &slots[i];
		}
	}
	return &overflow_slot;
}

void
metrics_observe(const char *route_name, unsigned status, int64_t dur_us)
{
	if (route_name == NULL)
		route_name = "unmatched";
	if (status < STATUS_MIN || status >= STATUS_MIN + STATUS_N)
		status = 500;
	if (dur_us < 0)
		dur_us = 0;
	struct slot *s = slot_for(route_name);
	atomic_fetch_add_explicit(&s->by_status[status - STATUS_MIN], 1, memory_order_relaxed);

	size_t b = 0;
	while (b < NBUCKETS && dur_us > bucket_us[b])
		b++;
	atomic_fetch_add_explicit(&lat_bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&lat_sum_us, (uint64_t)dur_us, memory_order_relaxed);
	atomic_fetch_add_explicit(&lat_count, 1, memory_order_relaxed);
}

/* ---- rendering ---- */

static int
slot_cmp(const void *a, const void *b)
{
	const struct slot *x = *(const struct slot *const *)a, *y = *(const struct slot *const *)b;
	return strcmp(atomic_load(&x->name), atomic_load(&y->name));
}

/* Label values escape backslash, quote and newline (Prometheus text format). */
static void
put_label(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			buf_putc(b, '\\');
		if (*s == '\n') {
			buf_puts(b, "\\n");
			continue;
		}
		buf_putc(b, *s);
	}
}

static void
render_requests(struct buf *b)
{
	struct slot *used[SLOTS + 1];
	size_t n = 0;
	for (size_t i = 0; i < SLOTS; i++)
		if (atomic_load(&slots[i].name) != NULL)
			used[n++] = &slots[i];
	qsort(used, n, sizeof(used[0]), slot_cmp);

	buf_puts(b, "# HELP passerelle_http_requests_total HTTP requests by route and status.\n"
	    "# TYPE passerelle_http_requests_total counter\n");
	for (size_t i = 0; i < n;) {
		const char *name = atomic_load(&used[i]->name);
		size_t j = i;
		while (j < n && strcmp(atomic_load(&used[j]->name), name) == 0)
			j++;
		for (unsigned st = 0; st < STATUS_N; st++) {
			uint64_t c = 0;
			for (size_t k = i; k < j; k++)
				c += atomic_load_explicit(&used[k]->by_status[st], memory_order_relaxed);
			if (c == 0)
				continue;
			buf_puts(b, "passerelle_http_requests_total{route=\"");
			put_label(b, name);
			buf_printf(b, "\",status=\"%u\"} %llu\n", st + STATUS_MIN, (unsigned long long)c);
		}
		i = j;
	}
	for (unsigned st = 0; st < STATUS_N; st++) {
		uint64_t c = atomic_load_explicit(&overflow_slot.by_status[st], memory_order_relaxed);
		if (c != 0)
			buf_printf(b, "passerelle_http_requests_total{route=\"other\",status=\"%u\"} "
			    "%llu\n", st + STATUS_MIN, (unsigned long long)c);
	}
}

static void
render_latency(struct buf *b)
{
	uint64_t cum = 0;
	buf_puts(b, "# HELP passerelle_http_request_duration_seconds Time from request line to "
	    "response end.\n# TYPE passerelle_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i <= NBUCKETS; i++) {
		cum += atomic_load_explicit(&lat_bucket[i], memory_order_relaxed);
		buf_printf(b, "passerelle_http_request_duration_seconds_bucket{le=\"%s\"} %llu\n",
		    i < NBUCKETS ? bucket_le[i] : "+Inf", (unsigned long long)cum);
	}
	uint64_t sum = atomic_load_explicit(&lat_sum_us, memory_order_relaxed);
	buf_printf(b, "passerelle_http_request_duration_seconds_sum %llu.%06llu\n",
	    (unsigned long long)(sum / 1000000), (unsigned long long)(sum % 1000000));
	/* _count equals the +Inf bucket so the series stay consistent within one scrape. */
	buf_printf(b, "passerelle_http_request_duration_seconds_count %llu\n",
	    (unsigned long long)cum);
}

static void
put_metric(struct buf *b, const char *name, const char *type, const char *help, uint64_t v)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n%s %llu\n", name, help, name, type, name,
	    (unsigned long long)v);
}

static void
put_seconds(struct buf *b, const char *name, const char *help, uint64_t us)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s counter\n%s %llu.%06llu\n", name, help, name, name,
	    (unsigned long long)(us / 1000000), (unsigned long long)(us % 1000000));
}

static void
render_store(struct buf *b, struct store *st)
{
	static const char *const group_le[] = { "1", "2", "4", "8", "16", "32", "64" };
	struct st_stats s;
	memset(&s, 0, sizeof(s));
	st_get_stats(st, &s);
	put_metric(b, "passerelle_store_write_jobs_total", "counter",
	    "Write jobs run by the writer thread.", s.write_jobs);
	put_metric(b, "passerelle_store_write_groups_total", "counter",
	    "Group commits (transactions) run by the writer thread.", s.write_groups);
	put_seconds(b, "passerelle_store_write_commit_seconds_total",
	    "Time spent committing write groups.", s.write_commit_us_total);
	put_metric(b, "passerelle_store_writer_queue_depth", "gauge",
	    "Write jobs waiting for the writer.", s.queue_depth);
	put_metric(b, "passerelle_store_read_transactions_total", "counter",
	    "Read transactions.", s.read_txs);
	put_seconds(b, "passerelle_store_read_seconds_total", "Time spent in read transactions.",
	    s.read_us_total);

	uint64_t cum = 0;
	buf_puts(b, "# HELP passerelle_store_write_group_size Jobs per group commit.\n"
	    "# TYPE passerelle_store_write_group_size histogram\n");
	for (size_t i = 0; i < 8; i++) {
		cum += s.group_size_hist[i];
		buf_printf(b, "passerelle_store_write_group_size_bucket{le=\"%s\"} %llu\n",
		    i < 7 ? group_le[i] : "+Inf", (unsigned long long)cum);
	}
	buf_printf(b, "passerelle_store_write_group_size_sum %llu\n",
	    (unsigned long long)s.write_jobs);
	buf_printf(b, "passerelle_store_write_group_size_count %llu\n", (unsigned long long)cum);
}

char *
metrics_render(struct store *st)
{
	struct buf b = { 0 };
	render_requests(&b);
	render_latency(&b);
	if (st != NULL)
		render_store(&b, st);
	return buf_take(&b);
}
