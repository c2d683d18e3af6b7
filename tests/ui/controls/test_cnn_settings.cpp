// The control panel's CNN settings (RunSettings with its ConvStackEditor): building a CNN from the
// controls, a CNN preset's blocks shown and an MLP preset's hidden, bad shapes and a CNN on data
// without images refused with validation's one line naming the key, the image shape following the
// data kind, wheel-guarded added rows, and in the window a CNN run that starts from the controls and
// keeps running through a refused edit. User input is simulated through the child widgets (combo
// activation, typed text, arrow steps).
// With RANKSCOPE_REVIEW_DIR set, reviewScreenshot() writes the CNN settings as a PNG for a look.
#include "controls/control_panel.h"
#include "controls/conv_stack_editor.h"
#include "controls/run_settings.h"
#include "io/preset_library.h"
#include "main_window.h"
#include "user_input.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>
#include <QWheelEvent>

using namespace rankscope;

namespace {

// Block `block` (from 1)'s spin box for `field` ("channels", "kernel", "stride", "padding", "pool").
QSpinBox* convBox(QWidget& panel, int block, const char* field) {
    return panel.findChild<QSpinBox*>(QString("conv%1.%2").arg(block).arg(field));
}

// The synthetic-images preset with its CNN replaced by a dense network.
RunConfig imagesMlp() {
    RunConfig config = resolvePreset("images-cnn").value();
    config.name = "Images, MLP";
    config.model.kind = ModelKind::Mlp;
    return config;
}

} // namespace

class TestCnnSettings : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QCoreApplication::setOrganizationName("RankScopeTest"); }

    void init() {
        m_panel = std::make_unique<ControlPanel>();
        m_panel->resize(360, 1000);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
        m_panel->findChild<QToolButton*>("settingsToggle")->setChecked(true);
    }
    void cleanup() { m_panel.reset(); }

    // From the default Gaussian mixture: choose synthetic images (they bring a shape), then a CNN.
    void buildsACnnFromTheControls() {
        m_panel->setConfig(defaultPreset());
        QSignalSpy settings(m_panel.get(), &ControlPanel::runSettingsChanged);
        auto* modelKind = m_panel->findChild<QComboBox*>("modelKind");
        QVERIFY(!m_panel->findChild<QSpinBox*>("convBlocks")->isVisible());
        activate(m_panel->findChild<QComboBox*>("kind"), static_cast<int>(DataKind::Images));
        QCOMPARE(settings.count(), 1);
        QCOMPARE(settings.last().at(0).value<RunConfig>().data.image_shape, kSuggestedImageShape);
        QVERIFY(!m_panel->findChild<QSpinBox*>("inputDim")->isEnabled());

        activate(modelKind, static_cast<int>(ModelKind::Cnn));
        QCOMPARE(settings.count(), 2);
        QCOMPARE(settings.last().at(0).value<RunConfig>().model.kind, ModelKind::Cnn);
        QCOMPARE(settings.last().at(0).value<RunConfig>().model.conv, ModelConfig().conv);
        QVERIFY(m_panel->findChild<QSpinBox*>("convBlocks")->isVisible());
        QVERIFY(convBox(*m_panel, 2, "kernel")->isVisible());

        m_panel->findChild<QSpinBox*>("convBlocks")->stepBy(1); // continues the ladder: 64 channels
        QCOMPARE(settings.count(), 3);
        typeInto(convBox(*m_panel, 1, "kernel"), "5"); // its "same" padding follows: 2
        typeInto(convBox(*m_panel, 2, "channels"), "24");
        convBox(*m_panel, 3, "pool")->stepBy(-2); // 2 -> off
        QCOMPARE(settings.count(), 6);
        const std::vector<ConvBlockSpec> expected = {{16, 5, 1, 2, 2}, {24, 3, 1, 1, 2}, {64, 3, 1, 1, 0}};
        QCOMPARE(settings.last().at(0).value<RunConfig>().model.conv, expected);
        QCOMPARE(m_panel->config().model.conv, expected);
        QCOMPARE(convBox(*m_panel, 1, "padding")->value(), 2);
        QCOMPARE(convBox(*m_panel, 3, "pool")->text(), QString("off"));

        m_panel->findChild<QSpinBox*>("convBlocks")->stepBy(-2);
        QCOMPARE(settings.last().at(0).value<RunConfig>().model.conv,
                 (std::vector<ConvBlockSpec>{expected[0]}));
        QVERIFY(!convBox(*m_panel, 2, "kernel"));
        QVERIFY(!m_panel->findChild<QLabel*>("problem")->isVisible());
    }

    void cnnPresetFillsTheControlsAndAnMlpPresetHidesThem() {
        auto* presets = m_panel->findChild<QComboBox*>("preset");
        activate(presets, "fashion-cnn");
        const RunConfig fashion = resolvePreset("fashion-cnn").value();
        QCOMPARE(m_panel->config(), fashion);
        QCOMPARE(m_panel->findChild<QComboBox*>("modelKind")->currentText(),
                 QString("CNN (conv blocks, then dense)"));
        QCOMPARE(m_panel->findChild<QSpinBox*>("convBlocks")->value(), 2);
        for (int block = 1; block <= 2; ++block) {
            QCOMPARE(convBox(*m_panel, block, "channels")->value(), 16 * block);
            QCOMPARE(convBox(*m_panel, block, "kernel")->value(), 3);
            QCOMPARE(convBox(*m_panel, block, "stride")->value(), 1);
            QCOMPARE(convBox(*m_panel, block, "padding")->value(), 1);
            QCOMPARE(convBox(*m_panel, block, "pool")->value(), 2);
            QVERIFY(convBox(*m_panel, block, "kernel")->isVisible());
        }
        QCOMPARE(m_panel->findChild<QSpinBox*>("depth")->value(), 1);
        QCOMPARE(m_panel->findChild<QSpinBox*>("width")->value(), 128);
        auto* imageShape = m_panel->findChild<QLineEdit*>("imageShape");
        QVERIFY(!imageShape->isEnabled()); // IDX images are 1×28×28
        QCOMPARE(imageShape->placeholderText(), QString("1×28×28"));

        activate(presets, "default");
        QCOMPARE(m_panel->config(), defaultPreset());
        QCOMPARE(m_panel->findChild<QComboBox*>("modelKind")->currentText(), QString("MLP (dense layers)"));
        QVERIFY(!m_panel->findChild<QSpinBox*>("convBlocks")->isVisible());
        QVERIFY(!m_panel->findChild<ConvStackEditor*>()->isVisible());
        QCOMPARE(m_panel->findChild<QSpinBox*>("depth")->value(), 4);
    }

    // A shape that does not fit is refused with validation's line, naming the block's key.
    void badShapesAreRefusedNamingTheKey() {
        m_panel->setConfig(resolvePreset("images-cnn").value()); // 1×16×16: block 2 sees 8×8
        QSignalSpy settings(m_panel.get(), &ControlPanel::runSettingsChanged);
        auto* problem = m_panel->findChild<QLabel*>("problem");
        typeInto(convBox(*m_panel, 2, "padding"), "0");
        QCOMPARE(settings.count(), 1);
        typeInto(convBox(*m_panel, 2, "kernel"), "9");
        QCOMPARE(settings.count(), 1);
        QVERIFY(problem->isVisible());
        QCOMPARE(problem->text(),
                 QString("model.conv[2].kernel = 9: larger than its input, 8×8 padded to 8×8"));
        typeInto(convBox(*m_panel, 2, "kernel"), "3");
        QCOMPARE(settings.count(), 2);
        QVERIFY(!problem->isVisible());
        typeInto(convBox(*m_panel, 2, "pool"), "7");
        QCOMPARE(problem->text(),
                 QString("model.conv[2].pool = 7: leaves nothing of the 6×6 convolution output"));
        typeInto(convBox(*m_panel, 2, "pool"), "2");
        typeInto(convBox(*m_panel, 1, "channels"), "2048");
        QCOMPARE(settings.count(), 4);
        typeInto(convBox(*m_panel, 2, "channels"), "2048");
        QVERIFY2(problem->text().startsWith("model.conv on 1×16×16 images needs 3.0 GB of work memory"),
                 qPrintable(problem->text()));
        QCOMPARE(settings.count(), 4);

        // IDX images are 1×28×28 before any file is read: the same refusal, not a failed start.
        m_panel->setConfig(resolvePreset("fashion-cnn").value());
        typeInto(convBox(*m_panel, 1, "padding"), "0");
        typeInto(convBox(*m_panel, 1, "kernel"), "29");
        QCOMPARE(problem->text(),
                 QString("model.conv[1].kernel = 29: larger than its input, 28×28 padded to 28×28"));
        QCOMPARE(settings.count(), 5);
    }

    void cnnOnDataWithoutImagesIsRefused() {
        m_panel->setConfig(defaultPreset()); // a Gaussian mixture: vectors, not images
        QSignalSpy settings(m_panel.get(), &ControlPanel::runSettingsChanged);
        activate(m_panel->findChild<QComboBox*>("modelKind"), static_cast<int>(ModelKind::Cnn));
        QCOMPARE(settings.count(), 0);
        auto* problem = m_panel->findChild<QLabel*>("problem");
        QVERIFY(problem->isVisible());
        QVERIFY2(problem->text().startsWith("data.image_shape is empty: model.kind = \"cnn\" needs images"),
                 qPrintable(problem->text()));
        QVERIFY(m_panel->findChild<QComboBox*>("modelKind")->toolTip().contains("needs image data"));
        activate(m_panel->findChild<QComboBox*>("kind"), static_cast<int>(DataKind::Images));
        QCOMPARE(settings.count(), 1);
        QCOMPARE(settings.last().at(0).value<RunConfig>().model.kind, ModelKind::Cnn);
        QVERIFY(!problem->isVisible());
        // Back to vectors: the images' shape goes with them, so the refusal names the CNN again.
        activate(m_panel->findChild<QComboBox*>("kind"), static_cast<int>(DataKind::Teacher));
        QVERIFY(m_panel->findChild<QLineEdit*>("imageShape")->text().isEmpty());
        QVERIFY2(problem->text().startsWith("data.image_shape is empty: model.kind = \"cnn\""),
                 qPrintable(problem->text()));
        activate(m_panel->findChild<QComboBox*>("modelKind"), static_cast<int>(ModelKind::Mlp));
        QCOMPARE(settings.count(), 2);
        QVERIFY(settings.last().at(0).value<RunConfig>().data.image_shape.empty());
    }

    // Only synthetic images keep a shape across a change of kind; IDX files have theirs.
    void imageShapeFollowsTheDataKind() {
        m_panel->setConfig(defaultPreset());
        auto* kind = m_panel->findChild<QComboBox*>("kind");
        auto* shape = m_panel->findChild<QLineEdit*>("imageShape");
        QVERIFY(!shape->isEnabled());
        activate(kind, static_cast<int>(DataKind::Images));
        QVERIFY(shape->isEnabled());
        QCOMPARE(shape->text(), QString("1×16×16"));
        shape->setText("3x8x8");
        emit shape->editingFinished();
        QCOMPARE(m_panel->config().data.image_shape, (std::vector<int>{3, 8, 8}));
        activate(kind, static_cast<int>(DataKind::Csv));
        QVERIFY(shape->isEnabled());
        QVERIFY(shape->text().isEmpty());
        activate(kind, static_cast<int>(DataKind::Idx));
        QVERIFY(!shape->isEnabled());
        QCOMPARE(shape->placeholderText(), QString("1×28×28"));
        QVERIFY(m_panel->config().data.image_shape.empty());
    }

    // Rows added after the panel was built are guarded as the others: the wheel scrolls past them.
    void wheelScrollsPastAddedBlocks() {
        m_panel->setConfig(resolvePreset("images-cnn").value());
        m_panel->findChild<QSpinBox*>("convBlocks")->stepBy(1);
        QSpinBox* channels = convBox(*m_panel, 3, "channels");
        QVERIFY(channels);
        const QPointF center = QRectF(channels->rect()).center();
        QWheelEvent wheel(center, channels->mapToGlobal(center), {}, {0, -120}, Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(channels, &wheel);
        QCOMPARE(channels->value(), 64);
    }

    // In the window: choosing a CNN restarts the run with conv layers; a refused edit keeps it running.
    void windowRunsTheCnnAndKeepsItThroughARefusal() {
        m_panel.reset();
        RunConfig config = imagesMlp();
        config.data.train_size = 512;
        config.data.test_size = 128;
        MainWindow window(config);
        window.resize(1400, 900);
        window.show();
        ControlPanel* controls = window.controls();
        controls->findChild<QToolButton*>("settingsToggle")->setChecked(true);
        activate(controls->findChild<QComboBox*>("modelKind"), static_cast<int>(ModelKind::Cnn));
        QCOMPARE(window.config().model.kind, ModelKind::Cnn);
        window.toggleRunning();
        const QStringList names = {"C1 1→16 3×3", "C2 16→32 3×3", "D3 512→128", "D4 128→8"};
        QVERIFY(QTest::qWaitFor(
            [&] {
                const SnapshotPtr shown = window.shownSnapshot();
                return shown && shown->layerNames == names && shown->step > 20;
            },
            20000));
        typeInto(convBox(*controls, 2, "pool"), "9"); // refused: the CNN keeps training
        QVERIFY(controls->findChild<QLabel*>("problem")->text().startsWith("model.conv[2].pool = 9"));
        const std::int64_t before = window.shownSnapshot()->step;
        QVERIFY(QTest::qWaitFor([&] { return window.shownSnapshot()->step > before + 20; }, 20000));
        QCOMPARE(window.shownSnapshot()->layerNames, names);
        QCOMPARE(window.config().model.conv, ModelConfig().conv);
    }

    void reviewScreenshot() {
        const QString dir = qEnvironmentVariable("RANKSCOPE_REVIEW_DIR");
        if (dir.isEmpty())
            QSKIP("set RANKSCOPE_REVIEW_DIR to write the CNN settings as a PNG");
        QVERIFY(QDir().mkpath(dir));
        activate(m_panel->findChild<QComboBox*>("preset"), "fashion-cnn");
        m_panel->findChild<QSpinBox*>("convBlocks")->stepBy(1);
        typeInto(convBox(*m_panel, 3, "pool"), "9");
        m_panel->resize(360, 1900);
        QCoreApplication::processEvents(); // shows the added row
        QVERIFY(m_panel->grab().save(dir + "/cnn-panel.png"));
        QVERIFY(m_panel->findChild<RunSettings*>()->grab().save(dir + "/cnn-settings.png"));
    }

private:
    std::unique_ptr<ControlPanel> m_panel;
};

QTEST_MAIN(TestCnnSettings)
#include "test_cnn_settings.moc"
