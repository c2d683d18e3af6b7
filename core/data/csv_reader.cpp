// CSV parsing, splitting and standardisation; the accepted format is described in csv_reader.h.
#include "data/csv_reader.h"

#include <QFile>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>
#include <vector>

namespace rankscope {
namespace {

using Fields = std::vector<std::string_view>;

// Row-major [rows, columns - 1] features: exactly the memory of Dataset::x [columns - 1, rows].
struct Table {
    int columns = 0;
    int firstLine = 0;
    std::vector<float> features;
    std::vector<std::int32_t> labels;
};

std::string_view trim(std::string_view s) {
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

void splitFields(std::string_view line, Fields& fields) {
    fields.clear();
    for (std::size_t start = 0;;) {
        const std::size_t comma = line.find(',', start);
        fields.push_back(trim(line.substr(start, comma - start)));
        if (comma == std::string_view::npos)
            return;
        start = comma + 1;
    }
}

std::optional<double> parseNumber(std::string_view field) {
    if (field.size() > 1 && field.front() == '+')
        field.remove_prefix(1);
    double value = 0;
    const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (field.empty() || error != std::errc() || end != field.data() + field.size())
        return std::nullopt;
    return value;
}

bool isHeader(const Fields& fields) {
    return std::any_of(fields.begin(), fields.end(), [](std::string_view f) { return !parseNumber(f); });
}

QString quoted(std::string_view field) {
    return '"' + QString::fromUtf8(field.data(), qsizetype(field.size())) + '"';
}

QString at(const QString& file, int line, int column = 0) {
    return column > 0 ? QString("%1 line %2, column %3: ").arg(file).arg(line).arg(column)
                      : QString("%1 line %2: ").arg(file).arg(line);
}

// Appends one data row to `table`; returns the problem, or an empty string.
QString parseRow(const Fields& fields, const QString& file, int line, Table& table) {
    if (int(fields.size()) != table.columns)
        return at(file, line) + QString("%1 fields, expected %2 (as on line %3)")
                                    .arg(fields.size())
                                    .arg(table.columns)
                                    .arg(table.firstLine);
    for (int j = 0; j + 1 < table.columns; ++j) {
        const std::optional<double> value = parseNumber(fields[j]);
        if (!value)
            return at(file, line, j + 1) + quoted(fields[j]) + " is not a number";
        if (!std::isfinite(float(*value)))
            return at(file, line, j + 1) + quoted(fields[j]) + " is not a finite 32-bit number";
        table.features.push_back(float(*value));
    }
    const std::optional<double> label = parseNumber(fields.back());
    if (!label || !(*label >= 0 && *label < kMaxCsvClasses) || std::floor(*label) != *label)
        return at(file, line, table.columns) + quoted(fields.back()) +
               QString(" is not a class label (the last column must be an integer 0..%1)")
                   .arg(kMaxCsvClasses - 1);
    table.labels.push_back(std::int32_t(*label));
    return {};
}

// Every non-blank line of `content` into `table`; returns the problem, or an empty string.
QString parseTable(const QByteArray& content, const QString& file, Table& table) {
    Fields fields;
    int lineNumber = 0;
    for (qsizetype pos = 0; pos < content.size();) {
        qsizetype end = content.indexOf('\n', pos);
        if (end < 0)
            end = content.size();
        const std::string_view line =
            trim(std::string_view(content.constData() + pos, std::size_t(end - pos)));
        pos = end + 1;
        ++lineNumber;
        if (line.empty())
            continue;
        splitFields(line, fields);
        if (table.columns == 0) {
            table.columns = int(fields.size());
            table.firstLine = lineNumber;
            if (table.columns < 2)
                return at(file, lineNumber) + "one column: need feature columns, then the class label last";
            if (isHeader(fields))
                continue;
        }
        if (QString problem = parseRow(fields, file, lineNumber, table); !problem.isEmpty())
            return problem;
    }
    if (table.columns == 0)
        return file + ": the file is empty";
    if (table.labels.empty())
        return file + ": a header but no data rows";
    return {};
}

Dataset columnsSlice(const Dataset& table, int first, int count) {
    Dataset set;
    set.x = table.x.middleCols(first, count);
    set.labels.assign(table.labels.begin() + first, table.labels.begin() + first + count);
    set.classes = table.classes;
    return set;
}

// x_j = (v_j - mean_j) / std_j with the training set's per-feature mean and std (csv_reader.h).
void standardise(DataSplit& split) {
    const Eigen::MatrixXd train = split.train.x.cast<double>();
    const Eigen::VectorXd mean = train.rowwise().mean();
    Eigen::VectorXd stddev = ((train.colwise() - mean).array().square().rowwise().mean()).sqrt();
    stddev = (stddev.array() > 0).select(stddev, 1.0);
    for (Dataset* set : {&split.train, &split.test})
        set->x = ((set->x.cast<double>().colwise() - mean).array().colwise() / stddev.array()).cast<float>();
}

} // namespace

Result<Dataset> parseCsvTable(const QByteArray& content, const QString& file) {
    Table table;
    if (QString problem = parseTable(content, file, table); !problem.isEmpty())
        return Result<Dataset>::failure(problem);
    Dataset set;
    const int rows = int(table.labels.size());
    set.x = Eigen::Map<const Eigen::MatrixXf>(table.features.data(), table.columns - 1, rows);
    set.labels = std::move(table.labels);
    set.classes = *std::max_element(set.labels.begin(), set.labels.end()) + 1;
    if (set.classes < 2)
        return Result<Dataset>::failure(
            file + ": every class label is 0; classification needs at least 2 classes (labels 0..k-1)");
    return set;
}

Result<Dataset> readCsvTable(const QString& file) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return Result<Dataset>::failure(QString("%1: cannot open (%2)").arg(file, f.errorString()));
    return parseCsvTable(f.readAll(), file);
}

Result<DataSplit> loadCsv(const QString& file, int trainSize, int testSize) {
    Result<Dataset> table = readCsvTable(file);
    if (!table)
        return Result<DataSplit>::failure(table.error());
    const int rows = table->size();
    if (testSize >= rows)
        return Result<DataSplit>::failure(
            QString("data.test_size = %1 leaves no training rows: %2 has %3 data rows")
                .arg(testSize)
                .arg(file)
                .arg(rows));
    DataSplit split{columnsSlice(table.value(), 0, std::min(trainSize, rows - testSize)),
                    columnsSlice(table.value(), rows - testSize, testSize)};
    standardise(split);
    return split;
}

} // namespace rankscope
