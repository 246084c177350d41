# Warnings for our own targets only; third-party headers come from system include dirs.
function(keyward_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
    -Wcast-align -Wdouble-promotion -Wimplicit-fallthrough)
  if(KEYWARD_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
