using Microsoft.Extensions.Options;

namespace TinyUNet.PacsBridge.Internal;

/// <summary>Turns an options class's own list of problems into start-up validation (one line per problem).</summary>
internal sealed class ValidatingOptions<T>(Func<T, IEnumerable<string>> problems) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = problems(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
