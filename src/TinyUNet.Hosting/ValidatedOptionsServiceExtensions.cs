using Microsoft.Extensions.Options;
using TinyUNet.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The one way a host registers its options: bound by section name, validated by the class itself, on start.</summary>
public static class ValidatedOptionsServiceExtensions
{
    public static IServiceCollection AddValidatedOptions<T>(this IServiceCollection services, string section)
        where T : class, IValidatedOptions
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>, ValidatedOptionsValidator<T>>();
        return services;
    }
}
