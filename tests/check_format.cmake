# Fails naming every C++ file under app/, core/, ui/ and tests/ that clang-format would change
# (the repository's .clang-format). The files are git's: tracked ones and new ones not ignored.
if(NOT CLANG_FORMAT)
  message(FATAL_ERROR "clang-format is not installed: apt-get install clang-format, then configure again")
endif()
execute_process(
  COMMAND ${GIT} ls-files --cached --others --exclude-standard -- app core ui tests
  WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE files RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "git ls-files failed in ${SOURCE_DIR}: the format check needs a git checkout")
endif()
string(REPLACE "\n" ";" files "${files}")
list(FILTER files INCLUDE REGEX "\\.(h|cpp)$")
set(existing "")
foreach(file IN LISTS files)
  if(EXISTS ${SOURCE_DIR}/${file}) # not a tracked file deleted in the work tree
    list(APPEND existing ${file})
  endif()
endforeach()
# One process for every file; it reports each violation as "<file>:<line>:<column>: error: ...".
execute_process(COMMAND ${CLANG_FORMAT} --dry-run -Werror ${existing}
  WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE report)
string(REGEX MATCHALL "[^\n]+:[0-9]+:[0-9]+: error" violations "${report}")
list(TRANSFORM violations REPLACE ":[0-9]+:[0-9]+: error$" "")
list(REMOVE_DUPLICATES violations)
if(NOT status EQUAL 0 AND NOT violations)
  message(FATAL_ERROR "${CLANG_FORMAT} failed:\n${report}")
endif()
list(LENGTH existing count)
if(violations)
  list(JOIN violations "\n  " names)
  message(FATAL_ERROR "not formatted (clang-format -i <file> fixes it):\n  ${names}")
endif()
message(STATUS "${count} C++ files follow .clang-format")
