// The dashboard's "as operator" option: offered for a CNN only; checked, the spectrum plot shows the
// heat map's conv layer as an operator on its input grid, from a real trainer's snapshot.
// RANKSCOPE_REVIEW_DIR=dir saves the dashboard at 1280 x 720 for a look.
#include "dashboard.h"
#include "plots/spectrum_plot.h"
#include "session/run_history.h"
#include "session/snapshot_builder.h"
#include "small_runs.h"

#include <QCheckBox>
#include <QDir>
#include <QSignalSpy>
#include <QTest>

using namespace rankscope;

namespace {

struct ShownRun {
    RunHistory history;
    Snapshot latest;
};

ShownRun trainedRun(const RunConfig& config) {
    Trainer trainer = trainerFor(config);
    const SnapshotBuilder builder(trainer);
    ShownRun run;
    for (int i = 0; i < 3; ++i) {
        run.latest = builder.build(trainer);
        run.history.append(run.latest);
        for (int k = 0; k < 10; ++k)
            trainer.step();
    }
    return run;
}

QCheckBox* operatorOption(Dashboard& dashboard) {
    for (QCheckBox* box : dashboard.findChildren<QCheckBox*>())
        if (box->text() == "as operator")
            return box;
    return nullptr;
}

} // namespace

class TestOperatorView : public QObject {
    Q_OBJECT
private slots:
    void offeredForACnnAndShowsTheChosenLayer() {
        Dashboard dashboard;
        dashboard.resize(1280, 720);
        dashboard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
        QCheckBox* option = operatorOption(dashboard);
        QVERIFY(option);

        const ShownRun mlp = trainedRun(smallRun());
        dashboard.showRun(mlp.history, mlp.latest);
        QVERIFY(!option->isVisible());

        const ShownRun cnn =
            trainedRun(asCnn(smallRun(), {1, 12, 12}, {{4, 3, 1, 1, 2}, {8, 3, 1, 1, 0}}, {16}));
        dashboard.showRun(cnn.history, cnn.latest);
        QVERIFY(option->isVisible());
        auto* spectrum = dashboard.findChild<SpectrumPlot*>();
        QVERIFY(spectrum);
        // The heat map starts on the second layer, C2 (8 from 4 channels on the 6 x 6 pooled grid).
        const QMetaObject::Connection redraw =
            QObject::connect(&dashboard, &Dashboard::viewChanged, &dashboard,
                             [&] { dashboard.showRun(cnn.history, cnn.latest); });
        option->setChecked(true);
        QVERIFY(spectrum->isOperatorView());
        QCPGraph* shown = nullptr;
        for (int g = 0; g < spectrum->graphCount(); ++g)
            if (spectrum->graph(g)->visible() && spectrum->graph(g)->name().contains("as an operator"))
                shown = spectrum->graph(g);
        QVERIFY(shown);
        QVERIFY2(shown->name().startsWith("C2 4→8 3×3"), qPrintable(shown->name()));
        QCOMPARE(shown->data()->size(), 4 * 6 * 6);
        QCOMPARE(spectrum->title(), QString("Singular values of a conv layer's operator"));
        if (const QString dir = qEnvironmentVariable("RANKSCOPE_REVIEW_DIR"); !dir.isEmpty())
            QVERIFY(QDir().mkpath(dir) &&
                    (QTest::qWait(100), dashboard.grab()).save(dir + "/dashboard-operator-view.png"));

        QSignalSpy viewChanges(&dashboard, &Dashboard::viewChanged);
        dashboard.showRun(mlp.history, mlp.latest); // unchecks the option without asking for a redraw
        QCOMPARE(viewChanges.count(), 0);
        QObject::disconnect(redraw);
        QVERIFY(!option->isVisible() && !option->isChecked() && !spectrum->isOperatorView());
    }
};

QTEST_MAIN(TestOperatorView)
#include "test_operator_view.moc"
