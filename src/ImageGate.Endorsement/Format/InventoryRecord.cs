using System.Text.Json;
using System.Text.Json.Serialization;
using ImageGate.Core.Packages;
using ImageGate.Patches;

namespace ImageGate.Endorsement.Format;

/// <summary>What an endorsement records so that <c>recheck</c> can later compare the image with newer security
/// metadata without the image (<c>images/NAME/VERSION/inventory.json</c>): its OS, installed packages and the
/// repositories it is configured with, trusted keys included.</summary>
public sealed record InventoryRecord
{
    /// <summary>The format version of this record.</summary>
    public int FormatVersion { get; init; } = ListFormat.Version;

    /// <summary>The operating system.</summary>
    public required Lists.OperatingSystem Os { get; init; }

    /// <summary>The installed packages (dpkg, rpm).</summary>
    public required IReadOnlyList<InstalledPackage> Packages { get; init; }

    /// <summary>The repositories the image is configured with, with the keys it trusts.</summary>
    public required IReadOnlyList<RepositorySource> Repositories { get; init; }

    private static readonly JsonSerializerOptions JsonOptions = CreateOptions();

    /// <summary>The file's bytes (the list repository's JSON conventions, enums as lower-case names).</summary>
    public byte[] ToJson() => System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, JsonOptions) + "\n");

    /// <summary>Reads an inventory file; bad input naming <paramref name="path"/> when it is not one this code knows.</summary>
    public static InventoryRecord Parse(ReadOnlySpan<byte> json, string path)
    {
        InventoryRecord record;
        try
        {
            record = JsonSerializer.Deserialize<InventoryRecord>(json, JsonOptions) ?? throw new Core.Errors.BadInputException("the file holds null", path);
        }
        catch (JsonException ex)
        {
            throw new Core.Errors.BadInputException($"not a valid inventory record: {ex.Message}", path, ex);
        }
        if (record.FormatVersion != ListFormat.Version)
            throw new Core.Errors.BadInputException($"inventory formatVersion {record.FormatVersion} is not known (this ImageGate reads {ListFormat.Version})", path);
        if (record.Packages is null || record.Repositories is null || record.Packages.Any(p => p is null || string.IsNullOrEmpty(p.Name) || string.IsNullOrEmpty(p.Version)))
            throw new Core.Errors.BadInputException("the inventory record lacks packages (each with name and version) or repositories", path);
        return record;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(ListJson.Options) { RespectRequiredConstructorParameters = true };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true); // ListJson.Options gets its resolver only once used
        return options;
    }
}
