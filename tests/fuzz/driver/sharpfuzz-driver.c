// libFuzzer driver for a .NET fuzz target instrumented with SharpFuzz.
//
// libFuzzer runs in this process and mutates inputs; the .NET target runs in a child process started once, and
// the two speak SharpFuzz's libFuzzer protocol:
//   - one System V shared memory segment: 64 KiB of edge counters (written by SharpFuzz's instrumentation),
//     followed by up to 1 MiB of input;
//   - a control pipe (the child reads it as fd 198) carrying each input's length as 4 bytes, and a status pipe
//     (fd 199) carrying 4 bytes back: 0 once at start, then 0 for an input that ran and non-zero for one that threw;
//   - the segment's id and the two fd numbers in __LIBFUZZER_SHM_ID, __LIBFUZZER_CONTROL_PIPE_ID and
//     __LIBFUZZER_STATUS_PIPE_ID.
// After each input the counters are copied into libFuzzer's extra-counters section, which is what guides it.
//
// Usage: driver [libFuzzer flags] --target_path=DeadMan.Fuzz --target_arg=TARGET [CORPUS_DIR ...]
// (libFuzzer ignores flags that start with "--").
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define COUNTERS_SIZE (1 << 16)
#define INPUT_SIZE (1 << 20)
#define CONTROL_FD 198
#define STATUS_FD 199

__attribute__((section("__libfuzzer_extra_counters"))) uint8_t extra_counters[COUNTERS_SIZE];

static int control_fd = -1;
static int status_fd = -1;
static int shm_id = -1;
static uint8_t *shared;
static pid_t child;

static void fail(const char *what) {
  fprintf(stderr, "sharpfuzz-driver: %s: %s\n", what, strerror(errno));
  exit(1);
}

static void remove_segment(void) {
  if (shm_id >= 0) {
    shmctl(shm_id, IPC_RMID, NULL);
  }
  if (child > 0) {
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
  }
}

static const char *flag(int argc, char **argv, const char *name) {
  size_t length = strlen(name);
  for (int i = 0; i < argc; i++) {
    if (strncmp(argv[i], name, length) == 0 && argv[i][length] == '=') {
      return argv[i] + length + 1;
    }
  }
  return NULL;
}

// Reads or writes exactly 4 bytes, retrying on EINTR (libFuzzer's timers interrupt us). Returns 0 on success,
// 1 when the other side has gone.
static int read_word(int fd, int32_t *value) {
  ssize_t n;
  while ((n = read(fd, value, sizeof *value)) == -1 && errno == EINTR) {
  }
  if (n == -1) {
    fail("read from the .NET target");
  }
  return n == sizeof *value ? 0 : 1;
}

static void write_word(int fd, int32_t value) {
  ssize_t n;
  while ((n = write(fd, &value, sizeof value)) == -1 && errno == EINTR) {
  }
  if (n != sizeof value) {
    fail("write to the .NET target");
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  const char *path = flag(*argc, *argv, "--target_path");
  const char *target = flag(*argc, *argv, "--target_arg");
  if (path == NULL || target == NULL) {
    fprintf(stderr, "usage: %s [libFuzzer flags] --target_path=PROGRAM --target_arg=TARGET [CORPUS ...]\n", (*argv)[0]);
    exit(1);
  }

  int control[2], status[2];
  if (pipe(control) != 0 || pipe(status) != 0) {
    fail("pipe");
  }
  shm_id = shmget(IPC_PRIVATE, COUNTERS_SIZE + INPUT_SIZE, IPC_CREAT | IPC_EXCL | 0600);
  if (shm_id < 0) {
    fail("shmget");
  }
  atexit(remove_segment);
  shared = shmat(shm_id, NULL, 0);
  if (shared == (void *)-1) {
    fail("shmat");
  }

  child = fork();
  if (child < 0) {
    fail("fork");
  }
  if (child == 0) {
    char id[16];
    snprintf(id, sizeof id, "%d", shm_id);
    if (dup2(control[0], CONTROL_FD) < 0 || dup2(status[1], STATUS_FD) < 0) {
      fail("dup2");
    }
    close(control[0]);
    close(control[1]);
    close(status[0]);
    close(status[1]);
    setenv("__LIBFUZZER_SHM_ID", id, 1);
    setenv("__LIBFUZZER_CONTROL_PIPE_ID", "198", 1);
    setenv("__LIBFUZZER_STATUS_PIPE_ID", "199", 1);
    execl(path, path, target, (char *)NULL);
    fail("exec the .NET target");
  }

  close(control[0]);
  close(status[1]);
  control_fd = control[1];
  status_fd = status[0];
  int32_t ready;
  if (read_word(status_fd, &ready) != 0) {
    fprintf(stderr, "sharpfuzz-driver: the .NET target exited before it was ready\n");
    exit(1);
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // scripts/fuzz caps -max_len below this; a longer input from a corpus is skipped, not truncated.
  if (size > INPUT_SIZE) {
    return 0;
  }
  memset(shared, 0, COUNTERS_SIZE);
  memcpy(shared + COUNTERS_SIZE, data, size);
  write_word(control_fd, (int32_t)size);

  int32_t outcome;
  if (read_word(status_fd, &outcome) != 0) {
    fprintf(stderr, "sharpfuzz-driver: the .NET target died on this input\n");
    abort();
  }
  memcpy(extra_counters, shared, COUNTERS_SIZE);
  if (outcome != 0) {
    // The target printed the exception; abort so libFuzzer saves the input as a crash.
    abort();
  }
  return 0;
}
