# Packs the build folder it is given as a .deb (cpack with that folder's CPackConfig.cmake, as
# docs/packaging.md does from the portable preset), unpacks it into a temporary root with dpkg -x, checks
# the installed files and the Debian fields, and starts the packaged executable from that root:
# --version, then a short headless run with a figure. Fails naming the first thing that is wrong.
#   cmake -DCPACK=cpack -DCONFIG=<build>/CPackConfig.cmake -DVERSION=<x.y.z>
#         -DWORK=<scratch folder> -P check_deb_package.cmake

# Runs a command; fails the test with its output when it does not exit 0. Its stdout is in `output`.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    string(JOIN " " command ${ARGN})
    message(FATAL_ERROR "${command}: exit status ${status}\n${out}${err}")
  endif()
  set(output "${out}" PARENT_SCOPE)
endfunction()

function(require_file path)
  if(NOT EXISTS "${path}")
    message(FATAL_ERROR "missing: ${path}")
  endif()
  file(SIZE "${path}" size)
  if(size EQUAL 0)
    message(FATAL_ERROR "empty: ${path}")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK}")
run(${CPACK} --config "${CONFIG}" -B "${WORK}/package")
set(deb "${WORK}/package/rankscope_${VERSION}_amd64.deb")
require_file("${deb}")

run(dpkg-deb --field "${deb}" Depends)
foreach(dependency libqt6widgets6 libqt6svg6 libqcustomplot2.1-qt6 zlib1g)
  if(NOT output MATCHES "(^|, )${dependency}( |,|$)")
    message(FATAL_ERROR "the package does not depend on ${dependency}: Depends: ${output}")
  endif()
endforeach()

run(dpkg-deb --field "${deb}" Recommends)
string(STRIP "${output}" recommends)
if(NOT recommends MATCHES "(^|, )ffmpeg( |,|$)")
  message(FATAL_ERROR "the package does not recommend ffmpeg (videos): Recommends: ${recommends}")
endif()

set(root "${WORK}/root")
run(dpkg -x "${deb}" "${root}")
foreach(file bin/rankscope share/applications/rankscope.desktop share/icons/hicolor/scalable/apps/rankscope.svg
             share/rankscope/presets/default.json)
  require_file("${root}/usr/${file}")
endforeach()
require_file("${root}/usr/share/rankscope/python/rankscope_probe.py")

run("${root}/usr/bin/rankscope" --version)
if(NOT output STREQUAL "rankscope ${VERSION}\n")
  message(FATAL_ERROR "rankscope --version printed \"${output}\", expected \"rankscope ${VERSION}\"")
endif()
set(out "${WORK}/run")
run("${root}/usr/bin/rankscope" --headless --steps 200 --out "${out}" --export-png "${out}/dashboard.png")
foreach(file metrics.csv config.json dashboard.png)
  require_file("${out}/${file}")
endforeach()
