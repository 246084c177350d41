# keyward_embed_sql(OUT <file.cpp> FUNCTION <name> FILES <sql...>) generates a C++ file whose
# function returns the migrations in version order, so the binary carries its own schema.
function(keyward_embed_sql)
  cmake_parse_arguments(ARG "" "OUT;FUNCTION" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT ${ARG_OUT}
    COMMAND ${CMAKE_COMMAND} -DOUT=${ARG_OUT} -DFUNCTION=${ARG_FUNCTION} "-DFILES=${ARG_FILES}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_sql.cmake
    DEPENDS ${ARG_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_sql.cmake
    COMMENT "Embedding migrations into ${ARG_FUNCTION}"
    VERBATIM)
endfunction()
