namespace TinyUNet.Storage.Internal;

/// <summary>One embedded SQL script, named NNNN_description.sql; the number orders and identifies it.</summary>
internal sealed record MigrationScript(int Version, string Name, string Sql);
