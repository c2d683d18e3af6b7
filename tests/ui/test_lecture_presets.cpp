// Every built-in preset's lecture settings load and apply in the window: the speed control, the
// time axis, the panels shown and the large one, the heat map's layer; and the window's
// configuration (what Save writes) carries them back. The comparison presets whose story is told
// per epoch open on epochs. A slider drag of weight decay from 0.01 to 0 is one change event.
#include "controls/control_panel.h"
#include "controls/log_slider.h"
#include "dashboard.h"
#include "io/preset_library.h"
#include "main_window.h"
#include "plots/spectrum_heatmap_plot.h"
#include "time_plot.h"

#include <QDir>
#include <QSlider>
#include <QTest>

using namespace rankscope;

namespace {

bool canLoad(const RunConfig& config) {
    return config.data.path.isEmpty() || QDir(config.data.path).exists();
}

} // namespace

class TestLecturePresets : public QObject {
    Q_OBJECT
private slots:
    void init() { QCoreApplication::setOrganizationName("RankScopeTest"); }

    void lectureSettingsApply_data() {
        QTest::addColumn<QString>("preset");
        for (const QString& name : builtinPresetNames())
            QTest::newRow(qPrintable(name)) << name;
    }

    void lectureSettingsApply() {
        QFETCH(QString, preset);
        const Result<RunConfig> config = resolvePreset(preset);
        QVERIFY2(config, qPrintable(config.error()));
        if (!canLoad(config.value()))
            QSKIP("the preset's data files are not installed");
        const LectureConfig& lecture = config->lecture;
        QVERIFY2(lecture.speed > 0, "a shipped preset is paced for a lecture");

        MainWindow window(config.value());
        window.resize(1600, 1000);
        window.show();
        QCOMPARE(window.controls()->speed(), lecture.speed);
        QTRY_VERIFY_WITH_TIMEOUT(!window.runViews().isEmpty(), 60000);
        window.dashboard()->showRuns(window.runViews());

        const QList<LivePlot*> all = window.dashboard()->plots();
        QList<LivePlot*> expected;
        for (int i = 0; i < all.size(); ++i)
            if (lecture.panels.contains(dashboardPanelNames()[i]))
                expected.append(all[i]);
        QCOMPARE(window.dashboard()->shownPlots(), expected);
        for (LivePlot* plot : all)
            QCOMPARE(plot->isVisible(), expected.contains(plot));
        for (LivePlot* plot : expected)
            if (auto* timePlot = qobject_cast<TimePlot*>(plot)) {
                QCOMPARE(timePlot->timeAxis(), lecture.time_axis);
                QCOMPARE(timePlot->logTime(), lecture.log_time && !qobject_cast<SpectrumHeatmapPlot*>(plot));
            }
        if (!lecture.large_panel.isEmpty()) {
            LivePlot* large = all[dashboardPanelNames().indexOf(lecture.large_panel)];
            for (LivePlot* plot : expected)
                if (plot != large)
                    QVERIFY2(large->width() > 1.5 * plot->width() && large->height() > plot->height(),
                             qPrintable(plot->title()));
        }
        if (lecture.heatmap_layer > 0) {
            auto* heatmap = qobject_cast<SpectrumHeatmapPlot*>(all[dashboardPanelNames().indexOf("heatmap")]);
            QCOMPARE(heatmap->layer(), lecture.heatmap_layer - 1);
        }
        QCOMPARE(window.config().lecture, lecture);
    }

    void comparisonsPerEpochOpenOnEpochs() {
        for (const char* name : {"batch-sizes", "large-batch"})
            QCOMPARE(resolvePreset(name)->lecture.time_axis, TimeAxis::Epochs);
    }

    void theViewIsWhatSaveWrites() {
        RunConfig config = defaultPreset();
        MainWindow window(config);
        window.controls()->setSpeed(100);
        window.dashboard()->setTimeAxis(TimeAxis::Epochs);
        const LectureConfig saved = window.config().lecture;
        QCOMPARE(saved.speed, 100.0);
        QCOMPARE(saved.time_axis, TimeAxis::Epochs);
        QCOMPARE(saved.panels, config.lecture.panels);
    }

    void aSliderDragIsOneChangeEvent() {
        RunConfig config = defaultPreset();
        config.data.train_size = 512;
        config.model.hidden = {32, 32};
        config.train.weight_decay = 0.01;
        MainWindow window(config);
        window.show();
        QTRY_VERIFY(window.shownSnapshot());
        auto* slider = window.controls()->findChild<LogSlider*>("weightDecay")->findChild<QSlider*>("slider");
        QVERIFY(slider->value() > 0);
        slider->setSliderDown(true); // the user holds the handle and drags it to the left end
        while (slider->value() > 0) {
            slider->setSliderPosition(slider->value() - 1);
            QTest::qWait(30); // a hand's pace: the knob commits live, every ~100 ms
        }
        slider->setSliderDown(false);
        QCOMPARE(window.controls()->findChild<LogSlider*>("weightDecay")->value(), 0.0);
        window.stepOnce();
        QTRY_VERIFY(window.shownSnapshot()->step == 1);
        const std::vector<ChangeEvent>& events = window.shownSnapshot()->events;
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(events.front().name, QString("weight_decay"));
        QCOMPARE(events.front().oldValue, 0.01);
        QCOMPARE(events.front().newValue, 0.0);
        QCOMPARE(TimePlot::markerLabel(events.front()), QString("wd 0.01→0"));
    }
};

QTEST_MAIN(TestLecturePresets)
#include "test_lecture_presets.moc"
