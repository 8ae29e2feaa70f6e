using Microsoft.Extensions.Options;
using Npgsql;
using TinyUNet.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The one way a host gets its database: validated <see cref="DatabaseOptions"/> and a shared <see cref="NpgsqlDataSource"/>.</summary>
public static class DatabaseServiceExtensions
{
    public static IServiceCollection AddTinyUNetDatabase(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString));
        return services;
    }

    private sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
    {
        public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
        {
            var failures = options.Validate().ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
