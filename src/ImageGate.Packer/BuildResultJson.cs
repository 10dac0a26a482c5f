using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageGate.Packer;

/// <summary>The JSON shape of a build result (<c>imagegate build --json</c> and <c>build.json</c>).</summary>
public static class BuildResultJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Serializes <paramref name="result"/>.</summary>
    public static string Serialize(PackerBuildResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(new
        {
            template = result.Template,
            succeeded = result.Succeeded,
            exitCode = result.ExitCode,
            packer = new
            {
                version = result.Version.Installed.ToString(),
                minimumVersion = result.Version.Minimum.ToString(),
                outdated = result.Version.IsOutdated,
            },
            findings = result.Findings.Select(f => new { ruleId = f.RuleId, severity = f.Severity, message = f.Message }),
            errors = result.Errors.Select(e => e.Trim('\n')),
            images = result.Images.Select(i => new
            {
                path = i.Path,
                build = i.Build,
                format = i.Format,
                size = i.Size,
                digest = i.Digest,
                sha256 = i.Sha256,
                sha512 = i.Sha512,
            }),
            artifacts = result.Artifacts.Select(a => new { build = a.Build, builderId = a.BuilderId, id = a.Id, description = a.Description, files = a.Files }),
            manifest = result.Manifest?.Select(b => new { name = b.Name, builderType = b.BuilderType, artifactId = b.ArtifactId, files = b.Files.Select(f => new { name = f.Key, size = f.Value }), customData = b.CustomData }),
        }, Options);
    }
}
