// SweepTable on hand-written rows: the header's column order, rows kept sorted by grid index, a
// quoted list value surviving a write and read, malformed files refused with the file and line,
// shards merged with the missing indices listed, and what the figure takes from the table.
#include "sweep_table.h"
#include "write_file.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

namespace {
// A row of a one-key sweep over model.hidden with two weight matrices (one hidden layer).
QStringList row(int index, const QString& hidden, int repeat, const QString& status = "ok") {
    return {QString::number(index),
            hidden,
            QString::number(repeat),
            QString::number(7 + repeat),
            "5",
            "5",
            "10",
            "4.5",
            "3.5",
            "0.9",
            "0.8",
            "100",
            "1.5",
            "2.0",
            status};
}

SweepTable oneKeyTable() {
    SweepTable table;
    table.header = SweepTable::makeHeader({"model.hidden"}, 2);
    return table;
}
} // namespace

class TestSweepTable : public QObject {
    Q_OBJECT
private slots:
    void theHeaderListsTheColumnsInOrder() {
        const QStringList header = SweepTable::makeHeader({"train.batch_size", "train.weight_decay"}, 3);
        QCOMPARE(header, QStringList({"index", "train.batch_size", "train.weight_decay", "repeat", "seed",
                                      "mean_rank", "rank_L1", "rank_L2", "rank_L3", "mean_effective_rank",
                                      "mean_stable_rank", "train_acc", "test_acc", "steps", "epochs",
                                      "time_s", "status"}));
        SweepTable table;
        table.header = header;
        QCOMPARE(table.sweptKeys(), QStringList({"train.batch_size", "train.weight_decay"}));
    }

    void rowsStaySortedByGridIndex() {
        SweepTable table = oneKeyTable();
        table.addRow(row(2, "[8]", 0));
        table.addRow(row(0, "[8]", 0));
        table.addRow(row(10, "[8]", 0)); // numerically after 2, not as text
        table.addRow(row(1, "[8]", 0));
        QStringList indices;
        for (const QStringList& r : table.rows)
            indices << r.first();
        QCOMPARE(indices, QStringList({"0", "1", "2", "10"}));
    }

    void aQuotedListValueSurvivesWriteAndRead() {
        QTemporaryDir dir;
        SweepTable table = oneKeyTable();
        table.addRow(row(0, "[64,64]", 0));
        table.addRow(row(1, "say \"hi\"", 0));
        QVERIFY(table.write(dir.filePath("sweep.csv")).ok());
        QFile file(dir.filePath("sweep.csv"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("0,\"[64,64]\",0,7,")); // RFC 4180: a comma means quotes
        QVERIFY(text.contains("1,\"say \"\"hi\"\"\",0,"));
        const Result<SweepTable> read = SweepTable::read(dir.filePath("sweep.csv"));
        QVERIFY2(read.ok(), qPrintable(read.error()));
        QCOMPARE(read->header, table.header);
        QCOMPARE(read->rows, table.rows);
    }

    void malformedFilesAreRefusedWithFileAndLine_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        const QByteArray header = SweepTable::makeHeader({"a"}, 1).join(',').toUtf8() + '\n';
        QTest::newRow("empty") << QByteArray() << "the file is empty";
        QTest::newRow("not a sweep") << QByteArray("step,loss\n1,2\n") << "not a sweep.csv";
        QTest::newRow("short row") << header + "0,1,0\n"
                                   << "line 2: expected 14 fields";
        QTest::newRow("no index") << header + "x,1,0,7,5,5,5,4,3,1,1,10,1,1,ok\n"
                                  << "line 2: expected 14";
        QTest::newRow("open quote") << header + "0,\"1,0\n"
                                    << "line 2: an unclosed quote";
    }

    void malformedFilesAreRefusedWithFileAndLine() {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        QTemporaryDir dir;
        writeFile(dir.filePath("sweep.csv"), text);
        const Result<SweepTable> read = SweepTable::read(dir.filePath("sweep.csv"));
        QVERIFY(!read.ok());
        QVERIFY2(read.error().startsWith(dir.filePath("sweep.csv") + ": "), qPrintable(read.error()));
        QVERIFY2(read.error().contains(message), qPrintable(read.error()));
    }

    void shardsMergeInIndexOrderAndGapsAreListed() {
        QTemporaryDir dir;
        SweepTable even = oneKeyTable(), odd = oneKeyTable();
        even.addRow(row(0, "[8]", 0));
        even.addRow(row(4, "[8]", 0));
        odd.addRow(row(1, "[16]", 0));
        QVERIFY(QDir(dir.path()).mkpath("even") && QDir(dir.path()).mkpath("odd"));
        QVERIFY(even.write(dir.filePath("even/sweep.csv")).ok());
        QVERIFY(odd.write(dir.filePath("odd/sweep.csv")).ok());
        QList<int> missing;
        const Result<SweepTable> merged =
            mergeSweepTables({dir.filePath("even"), dir.filePath("odd")}, &missing);
        QVERIFY2(merged.ok(), qPrintable(merged.error()));
        QCOMPARE(merged->rows.size(), 3);
        QCOMPARE(merged->rows[1].first(), QString("1"));
        QCOMPARE(missing, QList<int>({2, 3}));
    }

    void mergeRefusesTheSameIndexTwiceAndOtherColumns() {
        QTemporaryDir dir;
        SweepTable a = oneKeyTable();
        a.addRow(row(0, "[8]", 0));
        SweepTable other;
        other.header = SweepTable::makeHeader({"train.lr"}, 2);
        QVERIFY(QDir(dir.path()).mkpath("a") && QDir(dir.path()).mkpath("b") && QDir(dir.path()).mkpath("c"));
        QVERIFY(a.write(dir.filePath("a/sweep.csv")).ok());
        QVERIFY(a.write(dir.filePath("b/sweep.csv")).ok());
        QVERIFY(other.write(dir.filePath("c/sweep.csv")).ok());
        QList<int> missing;
        const Result<SweepTable> twice = mergeSweepTables({dir.filePath("a"), dir.filePath("b")}, &missing);
        QVERIFY(!twice.ok());
        QVERIFY2(twice.error().contains("grid index 0 is also in"), qPrintable(twice.error()));
        const Result<SweepTable> columns = mergeSweepTables({dir.filePath("a"), dir.filePath("c")}, &missing);
        QVERIFY(!columns.ok());
        QVERIFY2(columns.error().contains("its columns differ"), qPrintable(columns.error()));
    }

    void theFigureTakesHiddenRanksAndTheNote() {
        SweepTable table = oneKeyTable();
        table.addRow(row(0, "[8]", 0));
        table.addRow(row(1, "[8]", 1));
        table.addRow(row(2, "[16]", 0, "diverged"));
        const SweepFigureData data = sweepFigureData(table);
        QCOMPARE(data.xKey, QString("model.hidden"));
        QCOMPARE(data.runs.size(), 3);
        QCOMPARE(data.runs[0].x, QString("[8]"));
        QCOMPARE(data.runs[0].hiddenRanks, std::vector<double>({5})); // rank_L2 is the classifier's
        QCOMPARE(data.runs[0].meanRank, 5.0);
        QCOMPARE(data.runs[0].testAcc, 0.8);
        QVERIFY(data.runs[2].diverged);
        QCOMPARE(data.note, QString("100 steps each, mean ± s.d. over 2 seeds"));
    }
};

QTEST_MAIN(TestSweepTable)
#include "test_sweep_table.moc"
