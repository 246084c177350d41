# Rebuilds on a two-core machine stay quick when ccache is present.
find_program(KEYWARD_CCACHE ccache)
if(KEYWARD_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${KEYWARD_CCACHE})
endif()
