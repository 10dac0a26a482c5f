namespace ImageGate.Lists;

/// <summary>The published list's format version and file names (docs/list-format.md), shared by the publisher and the sites.</summary>
public static class ListContract
{
    /// <summary>The format version the publisher writes (<c>formatVersion</c> of the list and of the repository's records).</summary>
    public const int FormatVersion = 1;

    /// <summary>The signed list of currently endorsed images.</summary>
    public const string ListFile = "endorsed-images.json";

    /// <summary>What a Sigstore bundle's name adds to the name of the file it signs; sites look for the list's bundle there by default.</summary>
    public const string BundleSuffix = ".sigstore.json";

    /// <summary>The list's Sigstore bundle.</summary>
    public const string BundleFile = ListFile + BundleSuffix;

    /// <summary>The HEPiX image list.</summary>
    public const string HepixFile = "imagelist.hepix.json";

    /// <summary>The S/MIME-signed HEPiX image list.</summary>
    public const string HepixSignedFile = HepixFile + ".smime";
}
