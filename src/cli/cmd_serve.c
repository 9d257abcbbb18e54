/* serve: the HTTP server until SIGINT or SIGTERM. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "cli/cli.h"
#include "core/log.h"
#include "http/http.h"
#include "pdf/cert_pdf.h"
#include "web/assets.h"
#include "web/web.h"

int
cmd_serve(const struct cfg *c, int argc, char **argv)
{
	if (cli_init(c, 1) != 0)
		return 1;
	struct store *st = cli_open(c, 1);
	if (st == NULL)
		return 1;
	api_settings.session_ttl_s = c->session_ttl_s;
	api_settings.token_ttl_s = (int64_t)c->token_ttl_days * 86400;
	web_configure(c->agency_name_en, c->agency_name_fr, c->session_ttl_s,
	    (const unsigned char *)c->field_key, strlen(c->field_key));
	if (assets_init(c->agency_logo) != 0) {
		st_close(st);
		return 1;
	}
	struct http_config hc = { .bind = c->bind, .port = c->port, .threads = c->threads,
		.conn_limit = c->conn_limit, .per_ip_limit = c->per_ip_limit,
		.timeout_s = c->timeout_s, .header_max = c->header_max,
		.secure_cookies = (int)c->secure_cookies };
	/* Signals are taken synchronously by this thread; worker threads inherit the mask. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct http_server *srv;
	if (http_start(&hc, st, &srv) != 0) {
		fprintf(stderr, "passerelle: cannot listen on %s:%u\n", c->bind, c->port);
		st_close(st);
		return 1;
	}
	printf("passerelle: listening on http://%s:%u/\n", c->bind, http_port(srv));
	fflush(stdout);
	log_info("serving db=%s port=%u threads=%u", c->db, http_port(srv), c->threads);
	int sig = 0;
	sigwait(&set, &sig);
	log_info("stopping on signal %d", sig);
	http_stop(srv);
	st_close(st);
	cert_pdf_cleanup(); /* font caches of the printable certificates, for leak checkers */
	return 0;
}
