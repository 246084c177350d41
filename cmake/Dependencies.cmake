# Every dependency comes from the distribution's -dev packages (scripts/install-deps installs
# them): Boost 1.81 on Debian 12, 1.83 on Debian 13 and Ubuntu 24.04, found by its own BoostConfig
# (CMake 3.30 and newer no longer ship FindBoost: CMP0167 says so without warning).
if(POLICY CMP0167)
  cmake_policy(SET CMP0167 NEW)
endif()
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED COMPONENTS json url)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(OpenSSL REQUIRED)
if(KEYWARD_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
