/* raw_sqlite: the reference for the create benchmark. Inserts training-agreement rows (a case
 * and its creation event, as passerelle writes them) into a database with passerelle's schema,
 * one durable commit per row (WAL, synchronous=FULL), for a fixed time, from one thread.
 * Usage: raw_sqlite DB SECONDS   (DB must be migrated and seeded; prints
 * "rows N seconds S maxrss_kb K") */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include <sqlite3.h>

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: raw_sqlite DB SECONDS\n");
		return 2;
	}
	double seconds = atof(argv[2]);
	sqlite3 *db;
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		return 1;
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
	    "PRAGMA busy_timeout=5000;", NULL, NULL, NULL);
	sqlite3_stmt *ins, *ev, *pick;
	if (sqlite3_prepare_v2(db, "INSERT INTO cases (program, state, person_id, org_id, region_id, "
	    "trade_code, lang, start_date, data, created_by, opened_us, updated_us) VALUES "
	    "('apprenticeship', 'draft', ?1, ?2, ?3, '309A', 'en', '2027-01-04', '{}', NULL, ?4, ?4) "
	    "RETURNING id", -1, &ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO events (at_us, actor_id, actor_role, entity, entity_id, "
	    "case_id, type, from_state, to_state, payload, hash) VALUES (?1, NULL, 'advisor', 'case', "
	    "?2, ?2, 'case.created', NULL, 'draft', '{}', 'x')", -1, &ev, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT (SELECT MAX(id) FROM persons), (SELECT MIN(id) FROM "
	    "organisations WHERE kind = 'sponsor'), (SELECT region_id FROM organisations WHERE kind = "
	    "'sponsor' ORDER BY id LIMIT 1)", -1, &pick, NULL) != SQLITE_OK) {
		fprintf(stderr, "raw_sqlite: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	sqlite3_step(pick);
	sqlite3_int64 persons = sqlite3_column_int64(pick, 0), org = sqlite3_column_int64(pick, 1);
	sqlite3_int64 region = sqlite3_column_int64(pick, 2);
	sqlite3_finalize(pick);
	long rows = 0;
	double start = now_s(), t = start;
	while (t - start < seconds) {
		sqlite3_int64 us = (sqlite3_int64)(t * 1e6);
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_bind_int64(ins, 1, 1 + rows % persons);
		sqlite3_bind_int64(ins, 2, org);
		sqlite3_bind_int64(ins, 3, region);
		sqlite3_bind_int64(ins, 4, us);
		if (sqlite3_step(ins) != SQLITE_ROW) {
			fprintf(stderr, "raw_sqlite: %s\n", sqlite3_errmsg(db));
			return 1;
		}
		sqlite3_int64 id = sqlite3_column_int64(ins, 0);
		sqlite3_reset(ins);
		sqlite3_bind_int64(ev, 1, us);
		sqlite3_bind_int64(ev, 2, id);
		sqlite3_step(ev);
		sqlite3_reset(ev);
		if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			fprintf(stderr, "raw_sqlite: %s\n", sqlite3_errmsg(db));
			return 1;
		}
		rows++;
		t = now_s();
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("rows %ld seconds %.3f maxrss_kb %ld\n", rows, t - start, ru.ru_maxrss);
	sqlite3_finalize(ins);
	sqlite3_finalize(ev);
	sqlite3_close(db);
	return 0;
}
