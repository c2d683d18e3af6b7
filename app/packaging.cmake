# What `cmake --install` puts under CMAKE_INSTALL_PREFIX, and the Debian package CPack makes of it:
# the executable, its desktop entry and icon, the built-in presets as editable examples (the
# executable carries its own copies as Qt resources) and the Python probe.
# `cmake --workflow --preset portable` builds and packs the .deb for any x86-64 machine
# (docs/packaging.md); tests/package installs a package of the build it runs in and starts it.
include(GNUInstallDirs)
install(TARGETS rankscope RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES resources/rankscope.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES resources/icons/rankscope.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(DIRECTORY resources/presets/ DESTINATION ${CMAKE_INSTALL_DATADIR}/rankscope/presets
        FILES_MATCHING PATTERN "*.json")
install(FILES python/rankscope_probe.py DESTINATION ${CMAKE_INSTALL_DATADIR}/rankscope/python)

set(RANKSCOPE_PACKAGE_CONTACT "RankScope maintainers <maintainers@users.noreply.r-seed-3e31182f.example>"
    CACHE STRING "The Maintainer field of the Debian package")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rankscope)
set(CPACK_PACKAGE_CONTACT ${RANKSCOPE_PACKAGE_CONTACT})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "live singular values and ranks of a network trained with SGD")
# Debian's long description: lines of at most 80 columns.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
  "RankScope trains a deep ReLU network on a background thread and plots, live,"
  "every layer's singular values, its rank measures, the SGD update noise and the"
  "null-space norm of the first layer while batch size, learning rate and weight"
  "decay are turned. It shows in a lecture, in seconds, that SGD with weight decay"
  "drives weight matrices to low rank (Galanti et al.), and the Janus effects of"
  "SGD against GD (Xu et al.). Without a display it runs headless and writes CSV,"
  "NPZ and figures.")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# dpkg-shlibdeps names the Debian packages of the libraries the executable links, with versions.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Videos (--export-video, the Record control) are encoded by the ffmpeg executable; without it the
# app says how to install it and can write PNG frames instead.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS ffmpeg)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "dataset-fashion-mnist, python3-numpy")
set(CPACK_STRIP_FILES ON)
include(CPack)
