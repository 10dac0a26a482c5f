using ImageGate.Core.Errors;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.History;
using ImageGate.Endorsement.Inputs;

namespace ImageGate.Endorsement.Publishing.Catalogue;

/// <summary>Joins the list entries with their recorded SBOM, scan report, bundle and endorsement event.</summary>
internal static class CatalogueLoader
{
    public static IReadOnlyList<CatalogueImage> Load(IReadOnlyList<ListEntry> entries, IReadOnlyList<(byte[]? Sbom, byte[]? Report, byte[]? Bundle)> recorded, IReadOnlyList<HistoryEvent> events)
    {
        var endorsements = events.Where(e => e.Kind == HistoryEventKind.Endorsed)
            .GroupBy(e => (e.Name, e.Version)).ToDictionary(g => g.Key, g => g.Last());
        var images = new List<CatalogueImage>();
        for (var n = 0; n < entries.Count; n++)
        {
            var e = entries[n];
            var (sbom, report, bundle) = n < recorded.Count ? recorded[n] : (null, null, null);
            var folder = ListFormat.VersionFolder(e.Record.Name, e.Record.Version);
            var scan = report is null ? null : Try(() => ScanReportSummary.Parse(report, $"{folder}/{ListFormat.ScanReportFile}"));
            var packages = sbom is not null ? Try(() => PackageVersion.FromSbom(sbom, $"{folder}/{ListFormat.SbomFile}")) : null;
            images.Add(new CatalogueImage(e, packages ?? scan?.Packages ?? [], scan,
                bundle is null ? null : Try(() => BundleSummary.Parse(bundle, $"{folder}/{ListFormat.BundleFile}")),
                endorsements.GetValueOrDefault((e.Record.Name, e.Record.Version))));
        }
        return images;
    }

    /// <summary>A recorded file that cannot be read is shown as missing rather than stopping the publication.</summary>
    private static T? Try<T>(Func<T> read) where T : class
    {
        try { return read(); }
        catch (BadInputException) { return null; }
    }
}
