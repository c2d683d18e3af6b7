// Editing the control panel's widgets as a user does, shared by the control tests: typing a value
// into a spin box and confirming it, and choosing a combo box entry by its data.
#pragma once

#include <QAbstractSpinBox>
#include <QComboBox>
#include <QLineEdit>
#include <QTest>

namespace rankscope {

// Types text into a spin box as a user would and presses Enter.
inline void typeInto(QAbstractSpinBox* box, const QString& text) {
    box->findChild<QLineEdit*>()->selectAll();
    QTest::keyClicks(box, text);
    QTest::keyClick(box, Qt::Key_Return);
}

// Picks the entry whose data is `data`, emitting activated() as a click does.
inline void activate(QComboBox* combo, const QVariant& data) {
    const int index = combo->findData(data);
    QVERIFY(index >= 0);
    combo->setCurrentIndex(index);
    emit combo->activated(index);
}

} // namespace rankscope
