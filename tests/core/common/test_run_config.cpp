// Tests for common/run_config: validate() accepts the odd-but-legitimate values a lecture may try
// (lr 0, wd 0, width 1, no hidden layer, batch 1, a batch larger than the data set) and refuses the
// absurd ones with one line that names the dotted key and the value. Also the memory budget
// (parameterCount / checkSize), which keeps a typo from becoming a std::bad_alloc or a
// snapshot that takes minutes.
#include "common/run_config.h"

#include <QTest>
#include <cmath>
#include <functional>
#include <limits>

using namespace rankscope;

namespace {

using Edit = std::function<void(RunConfig&)>;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

RunConfig edited(const Edit& edit) {
    RunConfig config;
    edit(config);
    return config;
}

} // namespace

Q_DECLARE_METATYPE(Edit)

class TestRunConfig : public QObject {
    Q_OBJECT
private slots:
    void defaultsAreValid() { QCOMPARE(RunConfig().validate(), QString()); }

    void oddButLegitimateValuesRun_data() {
        QTest::addColumn<Edit>("edit");
        QTest::newRow("lr 0") << Edit([](RunConfig& c) { c.train.lr = 0; });
        QTest::newRow("wd 0") << Edit([](RunConfig& c) { c.train.weight_decay = 0; });
        QTest::newRow("lr at the cap") << Edit([](RunConfig& c) { c.train.lr = 1e6; });
        QTest::newRow("batch 1") << Edit([](RunConfig& c) { c.train.batch_size = 1; });
        QTest::newRow("batch > train_size") << Edit([](RunConfig& c) {
            c.data.train_size = 100;
            c.train.batch_size = 1000;
        });
        QTest::newRow("width 1") << Edit([](RunConfig& c) { c.model.hidden = {1, 1, 1}; });
        QTest::newRow("depth 0 (linear)") << Edit([](RunConfig& c) { c.model.hidden = {}; });
        QTest::newRow("depth 30") << Edit([](RunConfig& c) { c.model.hidden = std::vector<int>(30, 32); });
        QTest::newRow("test_size 0") << Edit([](RunConfig& c) { c.data.test_size = 0; });
        QTest::newRow("1 output regression") << Edit([](RunConfig& c) {
            c.data.kind = DataKind::LinearRegression;
            c.loss = LossKind::Mse;
            c.data.classes = 1;
        });
    }
    void oddButLegitimateValuesRun() {
        QFETCH(Edit, edit);
        QCOMPARE(edited(edit).validate(), QString());
    }

    void absurdValuesNameTheKeyAndValue_data() {
        QTest::addColumn<Edit>("edit");
        QTest::addColumn<QString>("message");
        QTest::newRow("batch 0") << Edit([](RunConfig& c) { c.train.batch_size = 0; })
                                 << "train.batch_size = 0";
        QTest::newRow("batch -1") << Edit([](RunConfig& c) { c.train.batch_size = -1; })
                                  << "train.batch_size = -1";
        QTest::newRow("lr negative") << Edit([](RunConfig& c) { c.train.lr = -0.1; }) << "train.lr = -0.1";
        QTest::newRow("lr huge") << Edit([](RunConfig& c) { c.train.lr = 1e30; }) << "train.lr = 1e+30";
        QTest::newRow("lr NaN") << Edit([](RunConfig& c) { c.train.lr = kNaN; }) << "train.lr = nan";
        QTest::newRow("lr inf") << Edit([](RunConfig& c) { c.train.lr = kInf; }) << "train.lr = inf";
        QTest::newRow("wd negative") << Edit([](RunConfig& c) { c.train.weight_decay = -1; })
                                     << "train.weight_decay = -1";
        QTest::newRow("wd huge") << Edit([](RunConfig& c) { c.train.weight_decay = 1e30; })
                                 << "train.weight_decay = 1e+30";
        QTest::newRow("wd NaN") << Edit([](RunConfig& c) { c.train.weight_decay = kNaN; })
                                << "train.weight_decay = nan";
        QTest::newRow("momentum 1") << Edit([](RunConfig& c) { c.train.momentum = 1; })
                                    << "train.momentum = 1";
        QTest::newRow("width 0") << Edit([](RunConfig& c) {
            c.model.hidden = {64, 0};
        }) << "model.hidden = 0";
        QTest::newRow("depth 65") << Edit([](RunConfig& c) { c.model.hidden = std::vector<int>(65, 8); })
                                  << "model.hidden has 65 layers";
        QTest::newRow("train_size 0")
            << Edit([](RunConfig& c) { c.data.train_size = 0; }) << "data.train_size = 0";
        QTest::newRow("test_size -1")
            << Edit([](RunConfig& c) { c.data.test_size = -1; }) << "data.test_size = -1";
        QTest::newRow("classes 1") << Edit([](RunConfig& c) { c.data.classes = 1; }) << "data.classes = 1";
        QTest::newRow("classes 0 (regression)") << Edit([](RunConfig& c) {
            c.data.kind = DataKind::LinearRegression;
            c.loss = LossKind::Mse;
            c.data.classes = 0;
        }) << "data.classes = 0";
        QTest::newRow("noise NaN") << Edit([](RunConfig& c) { c.data.noise = kNaN; }) << "data.noise = nan";
        QTest::newRow("rank_eps 0") << Edit([](RunConfig& c) { c.metrics.rank_eps = 0; })
                                    << "metrics.rank_eps = 0";
        QTest::newRow("every_steps 0")
            << Edit([](RunConfig& c) { c.metrics.every_steps = 0; }) << "metrics.every_steps = 0";
        QTest::newRow("csv without path")
            << Edit([](RunConfig& c) { c.data.kind = DataKind::Csv; }) << "data.path is empty";
        QTest::newRow("too many weights")
            << Edit([](RunConfig& c) { c.model.hidden = std::vector<int>(64, 2048); })
            << "model.hidden = [2048,2048,";
        QTest::newRow("width 4096") << Edit([](RunConfig& c) { c.model.hidden = {4096}; })
                                    << "model.hidden = 4096";
        QTest::newRow("too much data") << Edit([](RunConfig& c) {
            c.data.train_size = 10'000'000;
            c.data.input_dim = 1'000'000;
        }) << "data.input_dim = 1000000";
    }
    void absurdValuesNameTheKeyAndValue() {
        QFETCH(Edit, edit);
        QFETCH(QString, message);
        const QString problem = edited(edit).validate();
        QVERIFY2(problem.contains(message), qPrintable(problem));
        QVERIFY2(!problem.contains('\n'), qPrintable(problem)); // one line
    }

    void parameterCountCountsWeightsAndBiases() {
        RunConfig config;
        config.model.hidden = {3, 4};
        QCOMPARE(config.parameterCount(2, 5), (2.0 * 3 + 3) + (3.0 * 4 + 4) + (4.0 * 5 + 5));
        config.model.hidden = {};
        QCOMPARE(config.parameterCount(10, 2), 10.0 * 2 + 2);
    }

    void checkSizeAcceptsTheLargestBuiltInModels() {
        RunConfig fashion; // fashion-mnist: 784-256x3-10
        fashion.model.hidden = {256, 256, 256};
        QCOMPARE(fashion.checkSize(784, 10), QString());
        RunConfig wide; // four of the widest layers validate() allows
        wide.model.hidden = {2048, 2048, 2048, 2048};
        QCOMPARE(wide.checkSize(64, 10), QString());
    }
};

QTEST_APPLESS_MAIN(TestRunConfig)
#include "test_run_config.moc"
