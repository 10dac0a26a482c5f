using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ImageGate.Endorsement.Format;

namespace ImageGate.Endorsement.Publishing;

/// <summary>The HEPiX image list (vmcatcher, cloudkeeper) with its exact field names.</summary>
public static class HepixList
{
    /// <summary>Writes <paramref name="list"/> as a HEPiX image list.</summary>
    public static byte[] Write(EndorsedList list, string title, string? description, string? listUri, string? source)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 2, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("hv:imagelist");
            w.WriteString("dc:identifier", StableIdentifier.ForName("imagelist:" + title + "|" + (list.Endorser.Dn ?? list.Endorser.Identity ?? "")));
            w.WriteString("dc:date:created", ListJson.Time(list.Created));
            w.WriteString("dc:date:expires", ListJson.Time(list.Expires));
            w.WriteString("dc:title", title);
            w.WriteString("dc:description", description ?? title);
            w.WriteString("dc:source", source ?? "");
            w.WriteString("hv:version", list.Version.ToString(CultureInfo.InvariantCulture));
            w.WriteString("hv:uri", listUri ?? "");
            w.WriteStartObject("hv:endorser");
            w.WriteStartObject("hv:x509");
            w.WriteString("hv:ca", list.Endorser.Ca ?? "");
            w.WriteString("hv:dn", list.Endorser.Dn ?? "");
            w.WriteString("hv:email", list.Endorser.Email ?? "");
            w.WriteString("dc:creator", list.Endorser.Name ?? "");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("hv:images");
            foreach (var image in list.Images)
            {
                w.WriteStartObject();
                w.WriteStartObject("hv:image");
                w.WriteString("dc:title", image.Name);
                w.WriteString("dc:description", image.Description ?? image.Os.PrettyName ?? image.Name);
                w.WriteNumber("hv:size", image.Size);
                w.WriteString("sl:checksum:sha512", image.Sha512);
                w.WriteString("sl:arch", image.Arch);
                w.WriteString("hv:uri", image.Uri ?? "");
                w.WriteString("dc:identifier", image.Identifier);
                w.WriteString("sl:os", image.Os.Id ?? "Linux");
                w.WriteString("sl:osversion", image.Os.VersionId ?? "");
                w.WriteString("sl:comments", Comments(image));
                w.WriteString("hv:hypervisor", image.Hepix.Hypervisor);
                w.WriteString("hv:version", image.Version);
                w.WriteString("hv:format", image.Format);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static string Comments(EndorsedImage image)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"sha256 {image.Sha256}; built by {image.BuiltBy.Workflow}");
        if (image.BuiltBy.Commit is not null) b.Append(CultureInfo.InvariantCulture, $" at {image.BuiltBy.Commit}");
        if (image.Hepix.MinCores is { } c) b.Append(CultureInfo.InvariantCulture, $"; minimum cores {c}");
        if (image.Hepix.MinRamMb is { } r) b.Append(CultureInfo.InvariantCulture, $"; minimum RAM {r} MiB");
        return b.ToString();
    }
}
