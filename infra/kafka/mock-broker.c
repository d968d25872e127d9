/*
 * A Kafka-protocol broker for development and tests on machines without Docker or a JVM.
 *
 * It runs librdkafka's built-in mock cluster (the one librdkafka's own test suite uses): an
 * in-memory broker set that speaks the real wire protocol, so kafkajs talks to it exactly as it
 * would to Apache Kafka. Nothing is persisted; a restart loses every message.
 *
 * usage: mock-broker [--brokers N] [--partitions P] [--bootstrap-file PATH] topic...
 *   prints "BOOTSTRAP <host:port,...>" on stdout once ready, and writes it to PATH if given.
 *   SIGUSR1 takes every broker down, SIGUSR2 brings them back (outage drills); SIGTERM stops.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop = 0, want_down = 0, want_up = 0;
static void on_term(int sig) { (void)sig; stop = 1; }
static void on_down(int sig) { (void)sig; want_down = 1; }
static void on_up(int sig) { (void)sig; want_up = 1; }

/*
 * librdkafka < 2.5 never sets the mock cluster's controller id, so metadata names controller 0,
 * a broker that does not exist; kafkajs admin calls and the idempotent producer then fail with
 * "Broker 0 not found". 2.5 added rd_kafka_mock_set_controller_id(); older versions get the
 * field written directly, after checking the struct layout is the one we expect
 * ({char id[32]; rd_kafka_t *rk; int32_t controller_id; ...}).
 */
static int fix_controller_id(rd_kafka_mock_cluster_t *mc, rd_kafka_t *rk) {
  typedef void (*set_ctrl_fn)(rd_kafka_mock_cluster_t *, int32_t);
  set_ctrl_fn set_ctrl = (set_ctrl_fn)dlsym(RTLD_DEFAULT, "rd_kafka_mock_set_controller_id");
  if (set_ctrl) {
    set_ctrl(mc, 1);
    return 0;
  }
  char *base = (char *)mc;
  rd_kafka_t *stored_rk;
  memcpy(&stored_rk, base + 32, sizeof stored_rk);
  if (stored_rk != rk) return -1;
  int32_t one = 1;
  memcpy(base + 32 + sizeof(void *), &one, sizeof one);
  return 0;
}

int main(int argc, char **argv) {
  int brokers = 1, partitions = 3;
  const char *bootstrap_file = NULL;
  int first_topic = argc;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--brokers") && i + 1 < argc) brokers = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--partitions") && i + 1 < argc) partitions = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--bootstrap-file") && i + 1 < argc) bootstrap_file = argv[++i];
    else { first_topic = i; break; }
  }

  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) { fprintf(stderr, "mock-broker: rd_kafka_new: %s\n", errstr); return 1; }

  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, brokers);
  if (!mc) { fprintf(stderr, "mock-broker: could not create the mock cluster\n"); return 1; }
  if (fix_controller_id(mc, rk) != 0) {
    fprintf(stderr, "mock-broker: unexpected librdkafka %s layout; cannot set the controller id\n",
            rd_kafka_version_str());
    return 1;
  }
  for (int i = first_topic; i < argc; i++) {
    rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(mc, argv[i], partitions, 1);
    if (err) { fprintf(stderr, "mock-broker: topic %s: %s\n", argv[i], rd_kafka_err2str(err)); return 1; }
  }

  const char *bootstraps = rd_kafka_mock_cluster_bootstraps(mc);
  if (bootstrap_file) {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", bootstrap_file);
    FILE *f = fopen(tmp, "w");
    if (!f || fprintf(f, "%s\n", bootstraps) < 0 || fclose(f) != 0 || rename(tmp, bootstrap_file)) {
      fprintf(stderr, "mock-broker: cannot write %s\n", bootstrap_file);
      return 1;
    }
  }
  printf("BOOTSTRAP %s\n", bootstraps);
  fflush(stdout);

  signal(SIGTERM, on_term);
  signal(SIGINT, on_term);
  signal(SIGUSR1, on_down);
  signal(SIGUSR2, on_up);
  while (!stop) {
    if (want_down) { want_down = 0; for (int b = 1; b <= brokers; b++) rd_kafka_mock_broker_set_down(mc, b); fprintf(stderr, "mock-broker: brokers down\n"); }
    if (want_up) { want_up = 0; for (int b = 1; b <= brokers; b++) rd_kafka_mock_broker_set_up(mc, b); fprintf(stderr, "mock-broker: brokers up\n"); }
    usleep(50 * 1000);
  }
  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
