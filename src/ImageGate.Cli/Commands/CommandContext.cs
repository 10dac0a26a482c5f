using System.CommandLine;
using ImageGate.Cli.GitHubActions;
using ImageGate.Cli.Output;
using Microsoft.Extensions.Configuration;

namespace ImageGate.Cli.Commands;

/// <summary>Everything one verb invocation needs: the parse result, the process environment, the merged
/// configuration, the console reporter and the GitHub Actions runtime.</summary>
public sealed class CommandContext
{
    /// <summary>Creates the context.</summary>
    public CommandContext(ParseResult parseResult, CliEnvironment environment, IConfiguration configuration)
    {
        ParseResult = parseResult;
        Environment = environment;
        Configuration = configuration;
        Console = new Reporter(environment);
        Actions = new ActionsRuntime(environment);
    }

    /// <summary>The parsed command line.</summary>
    public ParseResult ParseResult { get; }

    /// <summary>Streams, variables, working directory.</summary>
    public CliEnvironment Environment { get; }

    /// <summary>imagegate.json/yaml, then IMAGEGATE_ variables (flags win: read values through Get).</summary>
    public IConfiguration Configuration { get; }

    /// <summary>Human output: progress on a terminal, plain lines when redirected.</summary>
    public Reporter Console { get; }

    /// <summary>GitHub Actions outputs, summary, annotations and masks (inactive outside Actions).</summary>
    public ActionsRuntime Actions { get; }

    /// <summary>The option's value: the flag when given on the command line, else the configuration value
    /// <c>&lt;verb&gt;:&lt;option&gt;</c> (or the top-level <c>&lt;option&gt;</c>), else the option's default.</summary>
    public T? Get<T>(Option<T> option)
    {
        var result = ParseResult.GetResult(option);
        if (result is not null && !result.Implicit)
            return ParseResult.GetValue(option);
        var configured = CliConfiguration.Lookup(Configuration, ParseResult.CommandResult.Command.Name, option.Name);
        if (configured is not null)
            return ConvertConfigured<T>(option.Name, configured);
        return ParseResult.GetValue(option);
    }

    /// <summary>The value of an argument.</summary>
    public T? Get<T>(Argument<T> argument) => ParseResult.GetValue(argument);

    internal static T? ConvertConfigured<T>(string name, string value)
    {
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        try
        {
            object converted = type switch
            {
                _ when type == typeof(string) => value,
                _ when type == typeof(string[]) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                _ when type == typeof(FileInfo) => new FileInfo(value),
                _ when type == typeof(DirectoryInfo) => new DirectoryInfo(value),
                _ when type.IsEnum => Enum.Parse(type, value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true),
                _ => Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture),
            };
            return (T)converted;
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or ArgumentException or OverflowException)
        {
            throw new Core.Errors.BadInputException($"configuration value '{value}' for '{name}' is not a valid {type.Name}");
        }
    }
}
