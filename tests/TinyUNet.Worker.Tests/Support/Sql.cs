using Npgsql;

namespace TinyUNet.Worker.Tests.Support;

/// <summary>Rows of a query against the stack's database, as a report would read them.</summary>
public static class Sql
{
    public static async Task<List<object[]>> QueryAsync(NpgsqlDataSource database, string sql, params object[] parameters)
    {
        await using NpgsqlCommand command = database.CreateCommand(sql);
        foreach (object p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(values);
        }
        return rows;
    }
}
