// parseCommandLine() and wantsNoDisplay() without starting the executable: each mode and its
// options, sweep values split at the commas outside brackets, 0-based shards, and every refusal
// naming the option and the value it refused.
#include "command_line.h"

#include <QTest>
#include <limits>

using namespace rankscope;
using Mode = CommandLineOptions::Mode;

namespace {
Result<CommandLineOptions> parse(const QStringList& arguments) {
    return parseCommandLine(QStringList{"rankscope"} + arguments);
}
} // namespace

class TestCommandLine : public QObject {
    Q_OBJECT
private slots:
    void noArgumentsIsTheGui() {
        const Result<CommandLineOptions> options = parse({});
        QVERIFY(options.ok());
        QCOMPARE(options->mode, Mode::Gui);
        QVERIFY(options->preset.isEmpty());
        QVERIFY(!options->helpText.isEmpty());
    }

    void headlessTakesEveryRunOption() {
        const Result<CommandLineOptions> options = parse({"--headless",
                                                          "--preset",
                                                          "large-batch",
                                                          "--set",
                                                          "train.lr=0.05",
                                                          "--set",
                                                          "model.hidden=[8,8]",
                                                          "--steps",
                                                          "300",
                                                          "--out",
                                                          "out",
                                                          "--max-seconds",
                                                          "2.5",
                                                          "--metrics-every",
                                                          "10",
                                                          "--save-weights-every",
                                                          "100",
                                                          "--save-data",
                                                          "--export-png",
                                                          "out/figure.svg",
                                                          "--time-axis",
                                                          "epochs"});
        QVERIFY2(options.ok(), qPrintable(options.error()));
        QCOMPARE(options->mode, Mode::Headless);
        QCOMPARE(options->preset, QString("large-batch"));
        QCOMPARE(options->overrides, QStringList({"train.lr=0.05", "model.hidden=[8,8]"}));
        QCOMPARE(options->steps, qint64(300));
        QCOMPARE(options->outDir, QString("out"));
        QCOMPARE(options->maxSeconds, 2.5);
        QCOMPARE(options->metricsEvery, 10);
        QCOMPARE(options->saveWeightsEvery, 100);
        QVERIFY(options->saveData);
        QCOMPARE(options->exportPng, QString("out/figure.svg"));
        QCOMPARE(options->timeAxis, std::optional(TimeAxis::Epochs));
    }

    void epochsReplaceSteps() {
        const Result<CommandLineOptions> options = parse({"--headless", "--epochs", "2.5", "--out", "o"});
        QVERIFY(options.ok());
        QCOMPARE(options->epochs, 2.5);
        QCOMPARE(options->steps, std::numeric_limits<qint64>::max()); // each run computes its own
    }

    void sweepValuesSplitAtCommasOutsideBrackets() {
        const Result<CommandLineOptions> options =
            parse({"--sweep", "model.hidden=[64,64],[128,128,128]", "--sweep", "train.batch_size= 8, 32",
                   "--steps", "10", "--out", "o", "--repeats", "3", "--jobs", "2", "--shard", "1/4"});
        QVERIFY2(options.ok(), qPrintable(options.error()));
        QCOMPARE(options->mode, Mode::Sweep);
        QCOMPARE(options->sweep.size(), 2);
        QCOMPARE(options->sweep[0].key, QString("model.hidden"));
        QCOMPARE(options->sweep[0].values, QStringList({"[64,64]", "[128,128,128]"}));
        QCOMPARE(options->sweep[1].key, QString("train.batch_size"));
        QCOMPARE(options->sweep[1].values, QStringList({"8", "32"}));
        QCOMPARE(options->repeats, 3);
        QCOMPARE(options->jobs, 2);
        QCOMPARE(options->shardIndex, 1);
        QCOMPARE(options->shardCount, 4);
    }

    void mergeTakesFoldersAndAnOutput() {
        const Result<CommandLineOptions> options = parse({"--merge", "shard-0", "shard-1", "--out", "all"});
        QVERIFY(options.ok());
        QCOMPARE(options->mode, Mode::Merge);
        QCOMPARE(options->mergeDirs, QStringList({"shard-0", "shard-1"}));
        QCOMPARE(options->outDir, QString("all"));
    }

    void theWindowOpensAndWatchesCheckpoints() {
        const Result<CommandLineOptions> watch = parse({"--watch", "runs/x", "--exclude", "embed*"});
        QVERIFY(watch.ok());
        QCOMPARE(watch->mode, Mode::Gui);
        QCOMPARE(watch->watchDir, QString("runs/x"));
        QCOMPARE(watch->excludes, QStringList({"embed*"}));
        const Result<CommandLineOptions> open = parse({"--open", "model.safetensors"});
        QVERIFY(open.ok());
        QCOMPARE(open->openPath, QString("model.safetensors"));
    }

    void refusals_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const QStringList run = {"--steps", "10", "--out", "o"};
        QTest::newRow("two modes") << QStringList{"--headless", "--sweep", "a=1"} + run
                                   << "exclude each other";
        QTest::newRow("steps and epochs")
            << QStringList{"--headless", "--steps", "1", "--epochs", "1", "--out", "o"}
            << "either --steps N or --epochs E";
        QTest::newRow("no out") << QStringList{"--headless", "--steps", "10"} << "--headless needs --out DIR";
        QTest::newRow("negative steps") << QStringList{"--headless", "--steps", "-1", "--out", "o"}
                                        << "--steps -1: expected an integer >= 0";
        QTest::newRow("zero epochs") << QStringList{"--headless", "--epochs", "0", "--out", "o"}
                                     << "--epochs 0: expected a number > 0";
        QTest::newRow("zero max seconds") << QStringList{"--headless", "--max-seconds", "0"} + run
                                          << "--max-seconds 0: expected a number > 0";
        QTest::newRow("zero metrics every") << QStringList{"--headless", "--metrics-every", "0"} + run
                                            << "--metrics-every 0: expected an integer >= 1";
        QTest::newRow("set without =")
            << QStringList{"--headless", "--set", "seed"} + run << "--set seed: expected KEY=VALUE";
        QTest::newRow("figure format") << QStringList{"--headless", "--export-png", "f.bmp"} + run
                                       << "--export f.bmp: the file must end in .png";
        QTest::newRow("time axis") << QStringList{"--headless", "--time-axis", "hours"} + run
                                   << "--time-axis hours: expected steps or epochs";
        QTest::newRow("steps in the GUI") << QStringList{"--steps", "10"} << "--steps needs --headless";
        QTest::newRow("repeats without sweep")
            << QStringList{"--headless", "--repeats", "2"} + run << "--repeats needs --sweep";
        QTest::newRow("sweep figure") << QStringList{"--sweep", "a=1", "--export-png", "f.png"} + run
                                      << "--export does not apply to --sweep";
        QTest::newRow("sweep without key") << QStringList{"--sweep", "=1,2"} + run << "expected KEY=V1,V2";
        QTest::newRow("key swept twice")
            << QStringList{"--sweep", "a=1", "--sweep", "a=2"} + run << "a is swept twice";
        QTest::newRow("value twice") << QStringList{"--sweep", "a=1,2,1"} + run << "value 1 is listed twice";
        QTest::newRow("empty value") << QStringList{"--sweep", "a=1,,2"} + run << "empty value";
        QTest::newRow("brackets") << QStringList{"--sweep", "model.hidden=[64,64"} + run
                                  << "unbalanced brackets";
        QTest::newRow("shard index = count") << QStringList{"--sweep", "a=1", "--shard", "4/4"} + run
                                             << "--shard 4/4: expected I/N with 0 <= I < N";
        QTest::newRow("shard text") << QStringList{"--sweep", "a=1", "--shard", "one"} + run
                                    << "--shard one: expected I/N";
        QTest::newRow("merge option") << QStringList{"--merge", "a", "--steps", "3", "--out", "o"}
                                      << "--steps does not apply to --merge";
        QTest::newRow("merge folders") << QStringList{"--merge", "--out", "o"} << "--merge needs the shard";
        QTest::newRow("stray argument")
            << QStringList{"--headless", "extra"} + run << "unexpected argument \"extra\"";
        QTest::newRow("window checkpoints and a preset")
            << QStringList{"--open", "runs/x", "--preset", "default"}
            << "--preset does not apply to the window's --open";
        QTest::newRow("unknown option") << QStringList{"--fast"} << "fast";
    }

    void refusals() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Result<CommandLineOptions> options = parse(arguments);
        QVERIFY(!options.ok());
        QVERIFY2(options.error().contains(message), qPrintable(options.error()));
    }

    void wantsNoDisplayForEveryModeWithoutAWindow_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("noDisplay");
        QTest::newRow("gui") << QStringList{} << false;
        QTest::newRow("gui with a preset") << QStringList{"--preset", "default"} << false;
        for (const char* option :
             {"--headless", "--sweep", "--merge", "--list-presets", "--help", "-h", "--version", "-v"})
            QTest::newRow(option) << QStringList{"--preset", "default", option} << true;
    }

    void wantsNoDisplayForEveryModeWithoutAWindow() {
        QFETCH(QStringList, arguments);
        QFETCH(bool, noDisplay);
        QList<QByteArray> bytes = {"rankscope"};
        for (const QString& argument : arguments)
            bytes << argument.toUtf8();
        QList<char*> argv;
        for (QByteArray& argument : bytes)
            argv << argument.data();
        QCOMPARE(wantsNoDisplay(static_cast<int>(argv.size()), argv.data()), noDisplay);
    }
};

QTEST_MAIN(TestCommandLine)
#include "test_command_line.moc"
