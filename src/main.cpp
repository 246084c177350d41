// keyward: wiring only. The command line picks a command; app/ does the rest.
#include <sys/stat.h>

#include <iostream>

#include "app/commands.h"
#include "crypto/random.h"

int main(int argc, char** argv) {
  // Files the server creates (database, WAL, master key) are readable by its user only.
  ::umask(0077);
  if (!keyward::crypto::init()) {
    std::cerr << "keyward: libsodium failed to initialise\n";
    return 1;
  }
  return keyward::app::run_cli(argc, argv);
}
