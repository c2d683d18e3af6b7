// Tests for io/preset_io and io/preset_library: JSON round trip of every key, defaults, messages
// for type errors and malformed JSON, unknown-key warnings, --set overrides, preset files and
// the built-in presets compiled in as resources (without Q_INIT_RESOURCE, as the app uses them).
#include "io/preset_io.h"
#include "io/preset_library.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

namespace {

// Every key differs from RunConfig's defaults (except model.kind: "mlp" is the only kind).
RunConfig everyKeyChanged() {
    RunConfig c;
    c.name = "Round \"trip\" \\ ✓";
    c.description = "line one\nline two, ünïcode\t";
    c.seed = 18446744073709551615ull; // above 2^53: written as a string
    c.data.kind = DataKind::LinearRegression;
    c.data.train_size = 100;
    c.data.test_size = 0;
    c.data.input_dim = 200;
    c.data.classes = 3;
    c.data.subspace_dim = 7;
    c.data.noise = 0.1 + 0.2; // 0.30000000000000004: needs all 17 digits
    c.data.path = "/tmp/a b/c";
    c.model.hidden = {3, 5, 7};
    c.model.residual = true;
    c.model.bias = false;
    c.loss = LossKind::Mse;
    c.train.batch_size = 3;
    c.train.lr = 1.0 / 3.0;
    c.train.weight_decay = 1e-5;
    c.train.momentum = 0.9;
    c.train.full_batch = true;
    c.metrics.rank_eps = 1e-4;
    c.metrics.rank_norm = RankNorm::Frobenius;
    c.metrics.every_steps = 7;
    c.metrics.gradient_noise_every = 0;
    c.metrics.update_noise_ema = 0.5;
    return c;
}

Result<RunConfig> parse(const QByteArray& json, QStringList* warnings = nullptr) {
    return presetFromJson(json, "preset.json", warnings);
}

QStringList flattenedKeys(const QJsonObject& object, const QString& prefix = {}) {
    QStringList keys;
    for (auto it = object.begin(); it != object.end(); ++it)
        keys << (it.value().isObject() ? flattenedKeys(it.value().toObject(), prefix + it.key() + '.')
                                       : QStringList{prefix + it.key()});
    return keys;
}

} // namespace

class TestPresetIo : public QObject {
    Q_OBJECT

private slots:
    void missingKeysTakeDefaults() {
        const Result<RunConfig> config = parse("{}");
        QVERIFY2(config.ok(), qPrintable(config.error()));
        QCOMPARE(config.value(), RunConfig());
        const Result<RunConfig> partial = parse(R"({"train": {"lr": 0.05}})");
        QVERIFY2(partial.ok(), qPrintable(partial.error()));
        RunConfig expected;
        expected.train.lr = 0.05;
        QCOMPARE(partial.value(), expected);
    }

    void readsTheSchemaExample() {
        const Result<RunConfig> config = parse(R"({
          "name": "Small batches lower the rank", "description": "one paragraph", "seed": 1,
          "data": {"kind": "gaussian_mixture", "train_size": 4096, "test_size": 1024, "input_dim": 64,
                   "classes": 10, "subspace_dim": 0, "noise": 1.0, "path": ""},
          "model": {"kind": "mlp", "hidden": [128, 128, 128, 128], "residual": false, "bias": true},
          "loss": "cross_entropy",
          "train": {"batch_size": 8, "lr": 0.1, "weight_decay": 0.005, "momentum": 0.0, "full_batch": false},
          "metrics": {"rank_eps": 0.001, "rank_norm": "spectral", "every_steps": 50}})");
        QVERIFY2(config.ok(), qPrintable(config.error()));
        RunConfig expected;
        expected.name = "Small batches lower the rank";
        expected.description = "one paragraph";
        QCOMPARE(config.value(), expected);
    }

    void roundTripsEveryKeyExactly() {
        const RunConfig changed = everyKeyChanged();
        const QByteArray json = presetToJson(changed);
        QStringList warnings;
        const Result<RunConfig> loaded = parse(json, &warnings);
        QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
        QVERIFY(warnings.isEmpty());
        QCOMPARE(loaded.value(), changed);
        QCOMPARE(presetToJson(loaded.value()), json);

        // All keys are written, in schema order, and each one is read back into its own member.
        QCOMPARE(flattenedKeys(QJsonDocument::fromJson(json).object()).size(), presetKeys().size());
        qsizetype previous = -1;
        for (const QString& key : presetKeys()) {
            const qsizetype at = json.indexOf('"' + key.section('.', -1).toUtf8() + "\":", previous + 1);
            QVERIFY2(at > previous, qPrintable(key));
            previous = at;
        }
        QVERIFY(json.contains("\"seed\": \"18446744073709551615\""));
        QVERIFY(json.contains("\"noise\": 0.30000000000000004"));
        QVERIFY(json.contains("\"weight_decay\": 1e-05"));
        QVERIFY(json.contains("\"hidden\": [3, 5, 7]"));

        RunConfig linear;
        linear.model.hidden = {};
        linear.seed = 9007199254740992ull; // 2^53 still fits a JSON number
        const QByteArray linearJson = presetToJson(linear);
        QVERIFY(linearJson.contains("\"hidden\": []"));
        QVERIFY(linearJson.contains("\"seed\": 9007199254740992,"));
        QVERIFY(linearJson.contains("\"noise\": 1.0,")); // whole doubles keep a ".0"
        QVERIFY(linearJson.contains("\"momentum\": 0.0,"));
        QCOMPARE(parse(linearJson).value(), linear);
        linear.seed += 1; // 2^53 + 1: a string, or it would read back as 2^53
        QVERIFY(presetToJson(linear).contains("\"seed\": \"9007199254740993\","));
        QCOMPARE(parse(presetToJson(linear)).value(), linear);
    }

    void typeErrorsNameFileKeyAndValue_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("int from string")
            << QByteArray(R"({"train": {"batch_size": "eight"}})")
            << R"(preset.json: train.batch_size: expected an integer, got "eight")";
        QTest::newRow("int from fraction") << QByteArray(R"({"train": {"batch_size": 2.5}})")
                                           << "preset.json: train.batch_size: expected an integer, got 2.5";
        QTest::newRow("int out of range") << QByteArray(R"({"data": {"train_size": 3000000000}})")
                                          << "preset.json: data.train_size: expected an integer from "
                                             "-2147483648 to 2147483647, got 3000000000";
        QTest::newRow("double") << QByteArray(R"({"train": {"lr": "fast"}})")
                                << R"(preset.json: train.lr: expected a number, got "fast")";
        QTest::newRow("bool") << QByteArray(R"({"train": {"full_batch": 1}})")
                              << "preset.json: train.full_batch: expected true or false, got 1";
        QTest::newRow("string") << QByteArray(R"({"name": 5})")
                                << "preset.json: name: expected a string, got 5";
        QTest::newRow("null") << QByteArray(R"({"data": {"path": null}})")
                              << "preset.json: data.path: expected a string, got null";
        QTest::newRow("list item")
            << QByteArray(R"({"model": {"hidden": [128, "x"]}})")
            << R"(preset.json: model.hidden: expected a list of integers, got [128,"x"])";
        QTest::newRow("list") << QByteArray(R"({"model": {"hidden": 128}})")
                              << "preset.json: model.hidden: expected a list of integers, got 128";
        QTest::newRow("negative seed") << QByteArray(R"({"seed": -1})")
                                       << "preset.json: seed: expected a seed (an integer >= 0), got -1";
        QTest::newRow("huge seed")
            << QByteArray(R"({"seed": 1e300})")
            << "preset.json: seed: a seed above 2^53 must be written as a string of digits, got 1e+300";
        QTest::newRow("seed above 2^53") << QByteArray(R"({"seed": 9007199254740993})")
                                         << "preset.json: seed: a seed above 2^53 must be written as a "
                                            "string of digits, got 9007199254740993";
        QTest::newRow("seed string")
            << QByteArray(R"({"seed": "12ab"})")
            << R"(preset.json: seed: expected a seed (an integer from 0 to 18446744073709551615), got "12ab")";
        QTest::newRow("seed overflow")
            << QByteArray(R"({"seed": "18446744073709551616"})")
            << R"(preset.json: seed: expected a seed (an integer from 0 to 18446744073709551615), got "18446744073709551616")";
        QTest::newRow("section") << QByteArray(R"({"data": 3})")
                                 << "preset.json: data: expected an object { ... }, got 3";
        QTest::newRow("invalid value") << QByteArray(R"({"train": {"batch_size": 0}})")
                                       << "preset.json: train.batch_size = 0: must be at least 1";
        QTest::newRow("inconsistent")
            << QByteArray(R"({"data": {"kind": "linear_regression"}})")
            << R"(preset.json: loss = "cross_entropy": data.kind = "linear_regression" needs loss = "mse")";
        QTest::newRow("unknown data kind")
            << QByteArray(R"({"data": {"kind": "imagenet"}})")
            << R"(preset.json: data.kind = "imagenet": unknown kind (expected one of gaussian_mixture, teacher, spirals, linear_regression, images, idx, csv))";
        QTest::newRow("unknown model kind")
            << QByteArray(R"({"model": {"kind": "transformer"}})")
            << R"(preset.json: model.kind = "transformer": unknown kind (expected mlp or cnn))";
        QTest::newRow("unknown loss")
            << QByteArray(R"({"loss": "hinge"})")
            << R"(preset.json: loss = "hinge": unknown loss (expected cross_entropy or mse))";
        QTest::newRow("unknown rank norm")
            << QByteArray(R"({"metrics": {"rank_norm": "nuclear"}})")
            << R"(preset.json: metrics.rank_norm = "nuclear": expected spectral or frobenius)";
        QTest::newRow("kind not a string")
            << QByteArray(R"({"data": {"kind": 3}})") << "preset.json: data.kind: expected a string, got 3";
    }

    void typeErrorsNameFileKeyAndValue() {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        const Result<RunConfig> config = parse(json);
        QVERIFY(!config.ok());
        QCOMPARE(config.error(), message);
    }

    void acceptsEveryWayOfWritingASeed() {
        QCOMPARE(parse(R"({"seed": "18446744073709551615"})")->seed, 18446744073709551615ull);
        QCOMPARE(parse(R"({"seed": 9007199254740992})")->seed, 9007199254740992ull);
        QCOMPARE(parse(R"({"seed": 7.0})")->seed, 7ull);
        QCOMPARE(parse(R"({"train": {"batch_size": 16.0}})")->train.batch_size, 16);
    }

    void malformedJsonGivesLineAndByte() {
        const Result<RunConfig> broken = parse("{\n  \"seed\": 1,\n  \"train\": {\"lr\": 0.1,}\n}");
        QVERIFY(!broken.ok());
        QVERIFY2(broken.error().startsWith("preset.json: malformed JSON at line 3, column "),
                 qPrintable(broken.error()));
        QVERIFY2(broken.error().contains("(byte "), qPrintable(broken.error()));
        QCOMPARE(parse("  \n").error(), "preset.json: the file is empty (expected a JSON object)");
        QCOMPARE(parse("[1, 2]").error(),
                 "preset.json: expected a JSON object { ... } at the top level, got an array");
        QVERIFY(parse("\xEF\xBB\xBF{\"seed\": 4}").ok()); // a UTF-8 byte-order mark is fine
    }

    void unknownKeysWarnAndAreIgnored() {
        QStringList warnings;
        const Result<RunConfig> config =
            parse(R"({"seed": 2, "train": {"foo": 1}, "plots": {"x": 1}})", &warnings);
        QVERIFY2(config.ok(), qPrintable(config.error()));
        QCOMPARE(config->seed, 2ull);
        QCOMPARE(warnings,
                 QStringList({"preset.json: unknown key plots ignored (written by a newer RankScope?)",
                              "preset.json: unknown key train.foo ignored (written by a newer RankScope?)"}));
        QVERIFY(parse(R"({"train": {"foo": 1}})").ok()); // no warning list: still fine
    }

    void overridesSetEveryType() {
        RunConfig c;
        QVERIFY(applyOverride(c, "train.batch_size=8").ok());
        QVERIFY(applyOverride(c, "train.full_batch", "true").ok());
        QVERIFY(applyOverride(c, "model.hidden=128,128,128").ok());
        QCOMPARE(c.model.hidden, std::vector<int>({128, 128, 128}));
        QVERIFY(applyOverride(c, "model.hidden=[64, 32]").ok());
        QCOMPARE(c.model.hidden, std::vector<int>({64, 32}));
        QVERIFY(applyOverride(c, "seed=3").ok());
        QVERIFY(applyOverride(c, "data.path=/x=y").ok()); // split at the first '='
        QVERIFY(applyOverride(c, "train.lr=0.05").ok());
        QVERIFY(applyOverride(c, "model.bias=0").ok());
        QVERIFY(applyOverride(c, "name=My run").ok());
        QVERIFY(applyOverride(c, "data.kind=spirals").ok());
        QVERIFY(applyOverride(c, "loss=mse").ok());
        QVERIFY(applyOverride(c, "metrics.rank_norm=frobenius").ok());
        QVERIFY(applyOverride(c, "model.kind=mlp").ok());
        RunConfig expected;
        expected.train.batch_size = 8;
        expected.train.full_batch = true;
        expected.model.hidden = {64, 32};
        expected.seed = 3;
        expected.data.path = "/x=y";
        expected.train.lr = 0.05;
        expected.model.bias = false;
        expected.name = "My run";
        expected.data.kind = DataKind::Spirals;
        expected.loss = LossKind::Mse;
        expected.metrics.rank_norm = RankNorm::Frobenius;
        QCOMPARE(c, expected);

        QVERIFY(applyOverride(c, "model.hidden=").ok()); // empty = linear model
        QVERIFY(c.model.hidden.empty());
        QVERIFY(applyOverride(c, "seed=18446744073709551615").ok());
        QCOMPARE(c.seed, 18446744073709551615ull);
    }

    void overrideErrors_data() {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QString>("message");
        QTest::newRow("int") << "train.batch_size=eight"
                             << R"(--set train.batch_size: expected an integer, got "eight")";
        QTest::newRow("int range")
            << "train.batch_size=3000000000"
            << R"(--set train.batch_size: expected an integer from -2147483648 to 2147483647, got "3000000000")";
        QTest::newRow("double") << "train.lr=fast"
                                << R"(--set train.lr: expected a number, got "fast")";
        QTest::newRow("bool") << "train.full_batch=maybe"
                              << R"(--set train.full_batch: expected true or false, got "maybe")";
        QTest::newRow("list")
            << "model.hidden=128,x"
            << R"(--set model.hidden: expected a comma-separated list of integers (empty for none), got "128,x")";
        QTest::newRow("seed")
            << "seed=-1"
            << R"(--set seed: expected a seed (an integer from 0 to 18446744073709551615), got "-1")";
        QTest::newRow("data kind")
            << "data.kind=imagenet"
            << R"(--set data.kind = "imagenet": unknown kind (expected one of gaussian_mixture, teacher, spirals, linear_regression, images, idx, csv))";
        QTest::newRow("model kind")
            << "model.kind=transformer"
            << R"(--set model.kind = "transformer": unknown kind (expected mlp or cnn))";
        QTest::newRow("loss") << "loss=hinge"
                              << R"(--set loss = "hinge": unknown loss (expected cross_entropy or mse))";
        QTest::newRow("rank norm")
            << "metrics.rank_norm=nuclear"
            << R"(--set metrics.rank_norm = "nuclear": expected spectral or frobenius)";
        QTest::newRow("no equals") << "train.batch_size"
                                   << "--set train.batch_size: expected KEY=VALUE, e.g. train.batch_size=8";
        QTest::newRow("misplaced key") << "batch_size=8"
                                       << "--set batch_size: unknown key (did you mean train.batch_size?)";
        QTest::newRow("unknown key") << "train.foo=1"
                                     << "--set train.foo: unknown key (known keys: " +
                                            presetKeys().join(", ") + ")";
        QTest::newRow("section") << "train=1"
                                 << "--set train: unknown key (known keys: " + presetKeys().join(", ") + ")";
    }

    void overrideErrors() {
        QFETCH(QString, assignment);
        QFETCH(QString, message);
        RunConfig c;
        const Status status = applyOverride(c, assignment);
        QVERIFY(!status.ok());
        QCOMPARE(status.error(), message);
        QCOMPARE(c, RunConfig()); // a failed override changes nothing
    }

    void savesAndLoadsFiles() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("run.json");
        QVERIFY(savePresetFile(everyKeyChanged(), path).ok());
        const Result<RunConfig> loaded = loadPresetFile(path);
        QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
        QCOMPARE(loaded.value(), everyKeyChanged());

        const QString missing = dir.filePath("missing.json");
        QVERIFY(loadPresetFile(missing).error().startsWith(missing + ": cannot read preset file: "));
        const QString unwritable = dir.filePath("no/such/dir/run.json");
        QVERIFY(savePresetFile(RunConfig(), unwritable)
                    .error()
                    .startsWith(unwritable + ": cannot write preset file"));

        QFile bad(dir.filePath("bad.json"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(R"({"train": {"batch_size": "eight"}})");
        bad.close();
        QCOMPARE(loadPresetFile(bad.fileName()).error(),
                 bad.fileName() + R"(: train.batch_size: expected an integer, got "eight")");
    }

    void builtinPresetsAreCompiledIn() {
        const QStringList names = builtinPresetNames();
        QVERIFY2(names.size() >= 5, qPrintable(names.join(", ")));
        QCOMPARE(names.first(), "default");
        QStringList rest = names.mid(1);
        std::sort(rest.begin(), rest.end());
        QCOMPARE(names.mid(1), rest);
        for (const char* name :
             {"default", "large-batch", "no-weight-decay", "janus-linear", "fashion-mnist"})
            QVERIFY2(names.contains(name), qPrintable(name));
        for (const QString& name : names) {
            QStringList warnings;
            const Result<RunConfig> preset = resolvePreset(name, &warnings);
            QVERIFY2(preset.ok(), qPrintable(preset.error()));
            QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join("\n")));
        }
        QCOMPARE(defaultPreset(), resolvePreset("default").value());
    }

    void resolvesFilesAndRejectsUnknownNames() {
        const Result<RunConfig> unknown = resolvePreset("no-such-preset");
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error(),
                 QString("unknown preset \"no-such-preset\": not a built-in preset (%1) and no such file")
                     .arg(builtinPresetNames().join(", ")));

        QTemporaryDir dir;
        const QString path = dir.filePath("mine.json");
        RunConfig mine;
        mine.train.batch_size = 64;
        QVERIFY(savePresetFile(mine, path).ok());
        QCOMPARE(resolvePreset(path).value(), mine);
        const QString missing = dir.filePath("gone.json");
        QVERIFY(resolvePreset(missing).error().startsWith(missing + ": cannot read preset file"));
    }
};

QTEST_GUILESS_MAIN(TestPresetIo)
#include "test_preset_io.moc"
