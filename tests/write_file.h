// writeFile(): writes a test's input file (a preset, a CSV, a sweep.csv) in one call, failing the
// test when the file cannot be written. Shared by the tests that feed readers hand-made files.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTest>

inline void writeFile(const QString& path, const QByteArray& contents) {
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(path));
    QCOMPARE(file.write(contents), contents.size());
}
