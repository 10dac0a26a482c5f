using System.Text.RegularExpressions;
using ImageGate.Distribution.Client;

namespace ImageGate.Distribution.Push;

/// <summary>The tag a push gets when none is given: <c>VERSION-HEX12</c> (the first 12 hex digits of the layer
/// digest). It always holds a hyphen, so EGI's atrope (tag pattern <c>^[^-]*$</c>) ignores it until an endorsed,
/// hyphen-free tag is set.</summary>
public static partial class DefaultTags
{
    /// <summary>The default tag for <paramref name="version"/> and the layer's sha256 hex.</summary>
    public static string For(string? version, string sha256Hex)
    {
        var v = string.IsNullOrEmpty(version) ? "image" : Unsafe().Replace(version, "_");
        if (!char.IsAsciiLetterOrDigit(v[0]) && v[0] != '_') v = "v" + v;
        var tag = $"{v}-{sha256Hex[..12]}";
        if (tag.Length > 128) tag = tag[^128..];
        return RegistryReference.IsValidTag(tag) ? tag : $"image-{sha256Hex[..12]}";
    }

    [GeneratedRegex("[^a-zA-Z0-9._-]")]
    private static partial Regex Unsafe();
}
