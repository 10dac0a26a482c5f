using System.Text.Json;
using System.Text.RegularExpressions;
using ImageGate.Core.Errors;

namespace ImageGate.Packer.Manifest;

/// <summary>Finds the manifest post-processor's output file in a template and reads the current run's builds from it.</summary>
internal static partial class ManifestReader
{
    private const string DefaultOutput = "packer-manifest.json";
    private const long MaxManifestBytes = 16 << 20;

    /// <summary>The manifest file the template's manifest post-processor writes, or null when the template has
    /// none or its output is computed by a template expression (then pass it in the request).</summary>
    public static string? Locate(string template)
    {
        if (Directory.Exists(template))
        {
            foreach (var file in Directory.EnumerateFiles(template, "*.pkr.hcl").Order(StringComparer.Ordinal))
                if (LocateInHcl(File.ReadAllText(file)) is { } found) return found;
            return null;
        }
        var text = File.ReadAllText(template);
        return template.EndsWith(".pkr.hcl", StringComparison.OrdinalIgnoreCase) ? LocateInHcl(text) : LocateInJson(text);
    }

    private static string? LocateInJson(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("post-processors", out var pps) || pps.ValueKind != JsonValueKind.Array)
                return null;
            foreach (var item in pps.EnumerateArray())
            {
                var chain = item.ValueKind == JsonValueKind.Array ? item.EnumerateArray().ToArray() : [item];
                foreach (var pp in chain)
                {
                    if (pp.ValueKind != JsonValueKind.Object || !pp.TryGetProperty("type", out var type) || type.GetString() != "manifest") continue;
                    var output = pp.TryGetProperty("output", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString()! : DefaultOutput;
                    return output.Contains("{{", StringComparison.Ordinal) ? null : output;
                }
            }
            return null;
        }
        catch (JsonException)
        {
            return null; // packer validate reports a malformed template better than we could
        }
    }

    private static string? LocateInHcl(string text)
    {
        var block = ManifestBlock().Match(text);
        if (!block.Success) return null;
        var output = OutputAttribute().Match(block.Groups[1].Value);
        var value = output.Success ? output.Groups[1].Value : DefaultOutput;
        return value.Contains("${", StringComparison.Ordinal) ? null : value;
    }

    /// <summary>Reads the builds of the manifest's last run (<c>packer_run_uuid == last_run_uuid</c>).</summary>
    public static IReadOnlyList<PackerManifestBuild> Read(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxManifestBytes)
            throw new BadInputException($"the Packer manifest is larger than {MaxManifestBytes >> 20} MiB", path);
        try
        {
            using var stream = info.OpenRead();
            using var doc = JsonDocument.Parse(stream);
            var root = doc.RootElement;
            var last = root.TryGetProperty("last_run_uuid", out var l) ? l.GetString() : null;
            var builds = new List<PackerManifestBuild>();
            if (!root.TryGetProperty("builds", out var array) || array.ValueKind != JsonValueKind.Array) return builds;
            foreach (var b in array.EnumerateArray())
            {
                if (last is not null && Str(b, "packer_run_uuid") != last) continue;
                var files = new List<KeyValuePair<string, long>>();
                if (b.TryGetProperty("files", out var fs) && fs.ValueKind == JsonValueKind.Array)
                    foreach (var f in fs.EnumerateArray())
                        files.Add(KeyValuePair.Create(Str(f, "name"), f.TryGetProperty("size", out var s) && s.TryGetInt64(out var n) ? n : 0));
                var custom = new Dictionary<string, string>(StringComparer.Ordinal);
                if (b.TryGetProperty("custom_data", out var cd) && cd.ValueKind == JsonValueKind.Object)
                    foreach (var p in cd.EnumerateObject())
                        custom[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                builds.Add(new PackerManifestBuild(Str(b, "name"), Str(b, "builder_type"), Str(b, "artifact_id"), files, custom));
            }
            return builds;
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"the Packer manifest is not valid JSON: {ex.Message}", path);
        }
    }

    private static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    [GeneratedRegex("""post-processor\s+"manifest"\s*\{([^}]*)\}""", RegexOptions.None, 1000)]
    private static partial Regex ManifestBlock();

    [GeneratedRegex("""(?m)^\s*output\s*=\s*"([^"]*)"\s*$""", RegexOptions.None, 1000)]
    private static partial Regex OutputAttribute();
}
