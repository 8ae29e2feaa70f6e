using System.Reflection;
using Npgsql;
using TinyUNet.Reporting.Tests.Support;
using TinyUNet.Storage;

namespace TinyUNet.Reporting.Tests;

/// <summary>
/// Storage's read models (the row types of its views and of the volumetrics table) against the schema its migrations
/// make, and every report query against that schema, as the report API's role. A migration that renames, drops or
/// retypes a column a reader needs, a view without a read model, or a query whose SQL no longer fits fails here.
/// </summary>
[Collection(ReportStackCollection.Name)]
public sealed class ReadModelSchemaEndToEndTests(ReportStackFixture stack)
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Every Storage type that reads a relation: a public const View or Table, a const Columns and a static Read.</summary>
    private static IReadOnlyList<ReadModel> ReadModels { get; } = typeof(StudyReportRow).Assembly.GetExportedTypes()
        .Select(ReadModel.Of).OfType<ReadModel>().ToList();

    [Fact]
    public async Task ReadModels_MigratedSchema_OnePerViewAndOnePerReadTable()
    {
        var views = new List<string>();
        await using (NpgsqlCommand command = stack.Writer.CreateCommand(
            "SELECT table_name FROM information_schema.views WHERE table_schema = 'public'"))
        await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync(None))
            while (await reader.ReadAsync(None)) views.Add(reader.GetString(0));

        Assert.Equal(views.Order(StringComparer.Ordinal), ReadModels.Where(m => m.IsView).Select(m => m.Relation).Order(StringComparer.Ordinal));
        Assert.Contains(ReadModels, m => m.Type == typeof(VolumetricsRow));
    }

    [Fact]
    public async Task Columns_MigratedSchema_EachNamesAPropertyOfItsTypeAndCoversThemAll()
    {
        foreach (ReadModel model in ReadModels)
        {
            await using NpgsqlCommand command = stack.Reader.CreateCommand($"SELECT {model.Columns} FROM {model.Relation} LIMIT 0");
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(None);
            var columns = await reader.GetColumnSchemaAsync(None);

            var properties = model.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance).ToDictionary(p => p.Name);
            Assert.True(columns.Count == properties.Count,
                $"{model.Type.Name}: {columns.Count} columns read for {properties.Count} properties");
            foreach (var column in columns)
            {
                Assert.True(properties.TryGetValue(PascalCase(column.ColumnName), out PropertyInfo? property),
                    $"{model.Relation}.{column.ColumnName} has no property {PascalCase(column.ColumnName)} on {model.Type.Name}");
                Assert.True(Fits(property.PropertyType, column.DataTypeName),
                    $"{model.Relation}.{column.ColumnName} is {column.DataTypeName}; {model.Type.Name}.{property.Name} is {property.PropertyType.Name}");
            }
        }
    }

    [Fact]
    public async Task Read_SeededRowsWithEveryColumnSet_EachPropertyHoldsItsNamedColumn()
    {
        await SeedStudyAsync("read-models");
        string failed = Seed.Uid();
        await Seed.FailAsync(stack.Writer, failed, permanent: false, "PACS unreachable.");

        foreach (ReadModel model in ReadModels)
        {
            await using NpgsqlCommand command = stack.Reader.CreateCommand($"SELECT {model.Columns} FROM {model.Relation}");
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(None);
            int rows = 0;
            var everSet = new bool[reader.FieldCount];
            while (await reader.ReadAsync(None))
            {
                object row = model.Read(reader);
                for (int i = 0; i < reader.FieldCount; i++)
                {
                    object? stored = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    object? read = model.Type.GetProperty(PascalCase(reader.GetName(i)))!.GetValue(row);
                    Assert.True(Equal(stored, read), $"{model.Type.Name}: column {reader.GetName(i)} = {stored}, property read {read}");
                    everSet[i] |= stored is not null;
                }
                rows++;
            }
            Assert.True(rows > 0, $"no rows in {model.Relation}");
            Assert.True(everSet.All(set => set), $"{model.Relation}: some column was NULL in every row, so its reader went untried");
        }
    }

    [Fact]
    public async Task ReportQueries_EveryPublicQuery_AnswersFromTheMigratedViews()
    {
        var queries = new ReportQueries(stack.Reader);
        string key = Seed.Sha(4242);
        string study = await SeedStudyAsync("every-query", key);
        var runs = new Dictionary<string, Func<Task<bool>>>
        {
            [nameof(ReportQueries.GetStudyAsync)] = async () =>
                await queries.GetStudyAsync(study, None) is { Latest: not null, Volumetrics.Count: 15 },
            [nameof(ReportQueries.GetLatestRunAsync)] = async () =>
                (await queries.GetLatestRunAsync(study, None))?.Status == "succeeded",
            [nameof(ReportQueries.GetCohortPageAsync)] = async () =>
                (await queries.GetCohortPageAsync(new CohortFilter { ModelName = "every-query" }, CohortSort.Opacity, 1, 10, None)).Total == 1,
            [nameof(ReportQueries.GetPatientStudiesAsync)] = async () =>
                (await queries.GetPatientStudiesAsync(key, None)).Count == 1,
            [nameof(ReportQueries.StreamCohortAsync)] = async () =>
                await queries.StreamCohortAsync(new CohortFilter { From = new DateOnly(2026, 3, 4) }, CohortSort.StudyDate, None)
                    .AnyAsync(s => s.StudyInstanceUid == study),
        };
        var declared = typeof(ReportQueries).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(m => m.Name).Order(StringComparer.Ordinal);

        // A new query must be added to runs above: this is what runs every one of them against the schema.
        Assert.Equal(declared, runs.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, run) in runs) Assert.True(await run(), $"{name} did not find the seeded study");
    }

    private async Task<string> SeedStudyAsync(string model, string? patientKey = null)
    {
        string study = Seed.Uid();
        RunRecord run = Seed.Run(study, study + ".7", model, Seed.Sha(model.Length), new DateOnly(2026, 3, 4), 1000, 100, 50,
            patientKey: patientKey ?? Seed.Sha(4141));
        await stack.Runs.SaveSucceededAsync(run, None);
        return study;
    }

    private static string PascalCase(string snake) => string.Concat(snake.Split('_')
        .Select(word => char.ToUpperInvariant(word[0]) + word[1..]));

    private static bool Fits(Type property, string? column)
    {
        Type type = Nullable.GetUnderlyingType(property) ?? property;
        return column switch
        {
            "text" => type == typeof(string),
            "uuid" => type == typeof(Guid),
            "date" => type == typeof(DateOnly),
            "timestamp with time zone" => type == typeof(DateTimeOffset),
            "boolean" => type == typeof(bool),
            "double precision" => type == typeof(double),
            "bigint" => type == typeof(long),
            "integer" => type == typeof(int),
            _ => false,
        };
    }

    private static bool Equal(object? stored, object? read) => (stored, read) switch
    {
        (null, null) => true,
        (DateTime day, DateOnly date) => DateOnly.FromDateTime(day) == date,
        (DateTime time, DateTimeOffset offset) => time.ToUniversalTime() == offset.UtcDateTime,
        _ => Equals(stored, read),
    };

    private sealed record ReadModel(Type Type, string Relation, bool IsView, string Columns, MethodInfo ReadMethod)
    {
        public object Read(NpgsqlDataReader reader) => ReadMethod.Invoke(null, [reader])!;

        public static ReadModel? Of(Type type)
        {
            string? Constant(string name) => type.GetField(name, BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
                ? (string?)field.GetRawConstantValue()
                : null;
            string? view = Constant("View"), table = Constant("Table"), columns = Constant("Columns");
            MethodInfo? read = type.GetMethod("Read", BindingFlags.Public | BindingFlags.Static, [typeof(NpgsqlDataReader)]);
            if ((view ?? table) is not { } relation || columns is null || read is null) return null;
            return new ReadModel(type, relation, view is not null, columns, read);
        }
    }
}
