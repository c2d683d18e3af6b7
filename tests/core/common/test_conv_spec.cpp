// Conv block shapes: PyTorch's output sizes, the one-line refusals of shapes that do not fit (naming
// the key) and of stacks whose work memory is too large, the text form of model.conv for
// --set/--sweep, and the JSON form of presets.
#include "common/config_fields.h"
#include "common/conv_spec.h"
#include "io/preset_io.h"

#include <QTest>

using namespace rankscope;

namespace {

// A CNN on synthetic images of `shape` with the given conv blocks.
RunConfig cnnConfig(const std::vector<int>& shape, const std::vector<ConvBlockSpec>& conv) {
    RunConfig config;
    config.model.kind = ModelKind::Cnn;
    config.data.kind = DataKind::Images;
    config.data.image_shape = shape;
    config.model.conv = conv;
    return config;
}

} // namespace

class TestConvSpec : public QObject {
    Q_OBJECT
private slots:
    void outputShapesFollowTorch() {
        const ConvBlockSpec block{16, 3, 1, 1, 2};
        QCOMPARE(convOutputShape({1, 28, 28}, block), (ImageShape{16, 28, 28}));
        QCOMPARE(blockOutputShape({1, 28, 28}, block), (ImageShape{16, 14, 14}));
        QCOMPARE(blockOutputShape({3, 7, 9}, {4, 3, 2, 0, 0}), (ImageShape{4, 3, 4})); // floor((7-3)/2)+1
        QCOMPARE(blockOutputShape({1, 7, 7}, {2, 2, 1, 0, 3}), (ImageShape{2, 2, 2})); // floor(6/3)
    }

    void badShapesAreRefusedNamingTheKey() {
        QCOMPARE(checkConvStack({1, 28, 28}, {{16, 3, 1, 1, 2}, {32, 3, 1, 1, 2}}), QString());
        QVERIFY(checkConvStack({1, 3, 3}, {{4, 3, 1, 0, 0}, {4, 5, 1, 0, 0}})
                    .startsWith("model.conv[2].kernel = 5"));
        QVERIFY(checkConvStack({1, 6, 6}, {{4, 3, 1, 0, 8}}).startsWith("model.conv[1].pool = 8"));
        QVERIFY(checkConvStack({1, 6, 6}, {{0, 3, 1, 0, 0}}).startsWith("model.conv[1].channels = 0"));
        RunConfig config;
        config.model.kind = ModelKind::Cnn;
        QVERIFY(
            config.validate().startsWith("data.image_shape is empty")); // a Gaussian mixture has no images
        config.data.kind = DataKind::Images;
        config.data.image_shape = {1, 2, 2};
        QVERIFY(config.validate().startsWith("model.conv[2].pool = 2")); // 2 -> 1, then a 1x1 output
        config.data.image_shape = {1, 16};
        QVERIFY(config.validate().startsWith("data.image_shape = [1, 16]"));
    }

    // A file's image shape is known before reading it, so the blocks are refused before a slow load.
    void fileImagesAreCheckedBeforeReading() {
        RunConfig idx = cnnConfig({}, {{16, 29, 1, 0, 0}});
        idx.data.kind = DataKind::Idx;
        idx.data.path = "/nonexistent/idx"; // never read
        QCOMPARE(idx.validate(),
                 QString("model.conv[1].kernel = 29: larger than its input, 28×28 padded to 28×28"));
        RunConfig csv = cnnConfig({}, ModelConfig().conv);
        csv.data.kind = DataKind::Csv;
        csv.data.path = "/nonexistent/table.csv";
        QVERIFY2(csv.validate().startsWith("data.image_shape is empty: model.kind = \"cnn\" needs images"),
                 qPrintable(csv.validate()));
        csv.data.image_shape = {3, 8, 8};
        QCOMPARE(csv.validate(), QString());
        csv.model.kind = ModelKind::Mlp; // an MLP reads any CSV
        csv.data.image_shape = {};
        QCOMPARE(csv.validate(), QString());
    }

    void blockCountIsBounded() {
        RunConfig config = cnnConfig({1, 8, 8}, std::vector<ConvBlockSpec>(kMaxConvBlocks, {1, 3, 1, 1, 0}));
        QCOMPARE(config.validate(), QString());
        config.model.conv.push_back({1, 3, 1, 1, 0});
        QCOMPARE(config.validate(), QString("model.conv has 65 blocks: at most 64"));
    }

    void workMemoryIsBounded() {
        RunConfig config = cnnConfig({1, 28, 28}, {{16, 3, 1, 1, 2}, {32, 3, 1, 1, 2}});
        QCOMPARE(config.validate(), QString());
        // Few parameters, but 784 pixels x 3 x 2048 floats per sample (Z, relu(Z), the output gradient;
        // a 1-channel input is convolved without patches): 9.9 GB for 512 samples.
        config.model.conv = {{2048, 3, 1, 1, 0}};
        config.model.hidden = {};
        QVERIFY2(config.validate() ==
                     "model.conv on 1×28×28 images needs 9.9 GB of work memory for 512 samples "
                     "at once: at most 2 GB; use fewer channels, a stride or pooling",
                 qPrintable(config.validate()));
    }

    void setReachesTheBlocks() {
        RunConfig config;
        QVERIFY(applyOverride(config, "model.conv=8:5:2:2:0,12:3"));
        QCOMPARE(config.model.conv, (std::vector<ConvBlockSpec>{{8, 5, 2, 2, 0}, {12, 3, 1, 0, 0}}));
        QCOMPARE(convStackToText(config.model.conv), QString("8:5:2:2:0,12:3:1:0:0"));
        QVERIFY(applyOverride(config, "model.conv=[4:3:1:1:2]"));
        QCOMPARE(config.model.conv.size(), std::size_t(1));
        QVERIFY(applyOverride(config, "data.image_shape=3,8,8"));
        QCOMPARE(config.data.imageShape(), (ImageShape{3, 8, 8}));
        const Status bad = applyOverride(config, "model.conv=16x3");
        QVERIFY(!bad && bad.error().startsWith("--set model.conv: expected blocks"));
    }

    void presetsRoundTripTheBlocks() {
        const RunConfig config = cnnConfig({2, 12, 12}, {{6, 5, 1, 2, 2}, {6, 3, 1, 1, 0}});
        const Result<RunConfig> read = presetFromJson(presetToJson(config), "round trip");
        QVERIFY2(read, qPrintable(read ? QString() : read.error()));
        QCOMPARE(read->model.conv, config.model.conv);
        QCOMPARE(read->data.image_shape, config.data.image_shape);
        const Result<RunConfig> bad =
            presetFromJson(R"({"model": {"conv": [{"channels": 4, "size": 3}]}})", "bad.json");
        QVERIFY(!bad && bad.error().contains("model.conv") && bad.error().contains("\"size\""));
    }
};

QTEST_APPLESS_MAIN(TestConvSpec)
#include "test_conv_spec.moc"
