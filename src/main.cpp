// keyward: wiring only. The command line picks a command; app/ does the rest.
#include <malloc.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <iostream>

#include "app/commands.h"
#include "crypto/random.h"

int main(int argc, char** argv) {
  // Files the server creates (database, WAL, master key) are readable by its user only.
  ::umask(0077);
  // Every connection is a descriptor: take the hard limit, or a default soft limit of 1,024
  // would refuse clients long before --max-connections does.
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
  }
  // glibc gives each busy thread its own heap ("arena"), up to eight per core, and each keeps
  // what it freed: with forty threads that held a 1,000,000-key server at 75 MB under 256
  // connections where two arenas hold it at 63 MB, at the same throughput (docs/performance.md).
  ::mallopt(M_ARENA_MAX, 2);  // NOLINT(concurrency-mt-unsafe): at start-up, before any thread
  if (!keyward::crypto::init()) {
    std::cerr << "keyward: libsodium failed to initialise\n";
    return 1;
  }
  return keyward::app::run_cli(argc, argv);
}
