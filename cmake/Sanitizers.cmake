# The debug preset turns these on; the tests run under them in `make test`.
if(KEYWARD_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# The fuzz preset: every object gets libFuzzer's coverage instrumentation; the fuzz targets link
# the fuzzer's main (fuzz/CMakeLists.txt).
if(KEYWARD_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
