# Fails when any file under core/ includes a QtGui/QtWidgets/QCustomPlot header: core links Eigen
# and Qt6::Core only (STYLE.md #1). The link line already rejects <QWidget>; this also catches
# <QtWidgets/QWidget>, which Qt's shared include root would otherwise let through.
file(GLOB_RECURSE sources "${CORE_DIR}/*.h" "${CORE_DIR}/*.cpp")
set(forbidden "#include *[<\"](QtGui|QtWidgets|QtPrintSupport|QWidget|QPainter|QImage|QColor|QPixmap|qcustomplot)")
foreach(source IN LISTS sources)
  file(STRINGS "${source}" hits REGEX "${forbidden}")
  if(hits)
    message(FATAL_ERROR "${source} includes a GUI header: ${hits}")
  endif()
endforeach()
message(STATUS "core/ includes no GUI headers")
