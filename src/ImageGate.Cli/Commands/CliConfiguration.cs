using System.CommandLine;
using ImageGate.Core.Errors;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace ImageGate.Cli.Commands;

/// <summary>Loads configuration: <c>--config FILE</c> or <c>imagegate.json</c>/<c>imagegate.yaml</c> in the working
/// directory (none with <c>--no-config</c> or <c>IMAGEGATE_NO_CONFIG=1</c>), then <c>IMAGEGATE_…</c> environment variables
/// (<c>__</c> separates sections). Flags win over both.</summary>
public static class CliConfiguration
{
    /// <summary>The global <c>--config</c> option.</summary>
    public static Option<FileInfo?> ConfigOption { get; } = new("--config")
    {
        Description = "Configuration file (JSON or YAML); default imagegate.json or imagegate.yaml in the working directory",
        Recursive = true,
    };

    /// <summary>The global <c>--no-config</c> option: read no configuration file (only flags and <c>IMAGEGATE_…</c>
    /// variables), whatever the working directory holds. The privileged jobs (publish, recheck) run with it.</summary>
    public static Option<bool> NoConfigOption { get; } = new("--no-config")
    {
        Description = $"Read no configuration file (also {NoConfigVariable}=1): only flags and IMAGEGATE_ variables",
        Recursive = true,
    };

    /// <summary>The environment variable that does what <c>--no-config</c> does (<c>1</c> or <c>true</c>).</summary>
    public const string NoConfigVariable = "IMAGEGATE_NO_CONFIG";

    /// <summary>Whether configuration files are off for this invocation (<c>--no-config</c> or <c>IMAGEGATE_NO_CONFIG</c>).</summary>
    public static bool IsDisabled(ParseResult parsed, CliEnvironment env) =>
        (parsed.GetResult(NoConfigOption) is not null && parsed.GetValue(NoConfigOption))
        || env.Get(NoConfigVariable)?.ToLowerInvariant() is "1" or "true";

    /// <summary>Builds the configuration for one invocation.</summary>
    public static IConfiguration Load(ParseResult parsed, CliEnvironment env)
    {
        var builder = new ConfigurationBuilder();
        var explicitFile = parsed.GetResult(ConfigOption) is not null ? parsed.GetValue(ConfigOption) : null;
        var disabled = IsDisabled(parsed, env);
        if (disabled && explicitFile is not null)
            throw new BadInputException($"--config and --no-config ({NoConfigVariable}) exclude each other", explicitFile.ToString());
        string? file = explicitFile is not null
            ? env.ResolvePath(explicitFile.ToString())
            : disabled ? null
            : new[] { "imagegate.json", "imagegate.yaml", "imagegate.yml" }
                .Select(n => Path.Combine(env.WorkingDirectory, n)).FirstOrDefault(File.Exists);
        if (file is not null)
        {
            if (!File.Exists(file))
                throw new BadInputException("configuration file not found", file);
            builder.AddInMemoryCollection(ReadFile(file));
        }
        var prefixed = env.Variables
            .Where(kv => kv.Key.StartsWith("IMAGEGATE_", StringComparison.Ordinal) && kv.Key != NoConfigVariable)
            .Select(kv => KeyValuePair.Create(kv.Key["IMAGEGATE_".Length..].Replace("__", ":", StringComparison.Ordinal), (string?)kv.Value));
        builder.AddInMemoryCollection(prefixed);
        return builder.Build();
    }

    /// <summary>The configured value for an option of a verb (<c>verb:option</c>, then <c>option</c>), matching names
    /// without regard to case, dashes or underscores (<c>fail-on</c> = <c>failOn</c> = <c>FAIL_ON</c>).</summary>
    public static string? Lookup(IConfiguration configuration, string verb, string optionName)
    {
        var option = Normalize(optionName);
        var verbKey = Normalize(verb);
        string? topLevel = null;
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is null) continue;
            var parts = key.Split(':');
            if (parts.Length == 2 && Normalize(parts[0]) == verbKey && Normalize(parts[1]) == option) return value;
            if (parts.Length == 1 && Normalize(parts[0]) == option) topLevel = value;
        }
        return topLevel;
    }

    private static string Normalize(string name) =>
        new(name.TrimStart('-').Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static Dictionary<string, string?> ReadFile(string file)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        try
        {
            if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                using var stream = File.OpenRead(file);
                var json = new ConfigurationBuilder().AddJsonStream(stream).Build();
                foreach (var (k, v) in json.AsEnumerable()) values[k] = v;
                return values;
            }
            var yaml = new YamlStream();
            using (var reader = File.OpenText(file)) yaml.Load(reader);
            if (yaml.Documents.Count > 0) Flatten(yaml.Documents[0].RootNode, "", values);
            return values;
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new BadInputException($"configuration file is not valid: {ex.Message}", file);
        }
    }

    private static void Flatten(YamlNode node, string prefix, Dictionary<string, string?> values)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children)
                    Flatten(v, prefix.Length == 0 ? ((YamlScalarNode)k).Value ?? "" : $"{prefix}:{((YamlScalarNode)k).Value}", values);
                break;
            case YamlSequenceNode seq:
                values[prefix] = string.Join(',', seq.Children.OfType<YamlScalarNode>().Select(s => s.Value));
                break;
            case YamlScalarNode scalar:
                values[prefix] = scalar.Value;
                break;
        }
    }
}
