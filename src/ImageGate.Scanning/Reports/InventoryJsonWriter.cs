using System.Text.Json;
using ImageGate.Scanning.Sbom;

namespace ImageGate.Scanning.Reports;

/// <summary>The JSON form of <c>imagegate inventory</c>.</summary>
public static class InventoryJsonWriter
{
    /// <summary>Writes the inventory of <paramref name="s"/> as JSON (image, os, packageCount, packages with purls).</summary>
    public static void Write(SbomSubject s, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        JsonReportWriter.WriteImageAndOs(w, s.Image, s.Os);
        w.WriteNumber("packageCount", s.Packages.Count);
        w.WriteStartArray("packages");
        foreach (var p in s.Packages)
        {
            w.WriteStartObject();
            w.WriteString("type", p.Type == Core.Packages.PackageType.Deb ? "deb" : "rpm");
            w.WriteString("name", p.Name);
            w.WriteString("version", p.Version);
            w.WriteString("architecture", p.Architecture);
            w.WriteString("sourceName", p.SourceName);
            w.WriteString("sourceVersion", p.SourceVersion);
            w.WriteString("license", p.License);
            w.WriteString("purl", PackageUrl.For(p, s.Os));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
