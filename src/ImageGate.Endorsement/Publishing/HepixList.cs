using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ImageGate.Endorsement.Format;

namespace ImageGate.Endorsement.Publishing;

/// <summary>The HEPiX image list (vmcatcher, cloudkeeper, atrope) with its exact field names: every field atrope 2.1.0
/// requires of a list, its endorser and each image, and a per-image <c>dc:date:expires</c> with a time zone.</summary>
public static class HepixList
{
    /// <summary>Writes <paramref name="list"/> as a HEPiX image list.</summary>
    public static byte[] Write(EndorsedList list, HepixListInfo info)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(info);
        var (title, description, listUri, source) = (info.Title, info.Description, info.ListUri, info.Source);
        var e = list.Endorser;
        var fullName = e.Name ?? e.Email ?? e.Dn ?? e.Identity ?? "";
        var guid = StableIdentifier.ForName("endorser:" + (e.Dn ?? e.Identity ?? e.Email ?? e.Name ?? ""));
        var userUri = info.EndorserUri ?? (e.Email is { Length: > 0 } mail ? "mailto:" + mail : "");
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
                w.WriteString("sl:osname", image.Os.Id ?? "Linux");
                w.WriteString("dc:date:created", ListJson.Time(image.Created));
                w.WriteString("dc:date:expires", ListJson.Time(image.Expires is { } x && x < list.Expires ? x : list.Expires));
                w.WriteString("ad:group", info.Vo ?? "");
                w.WriteString("ad:mpuri", MarketplaceUri(image, info));
                w.WriteString("ad:user:fullname", fullName);
                w.WriteString("ad:user:guid", guid);
                w.WriteString("ad:user:uri", userUri);
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

    /// <summary>The image's catalogue page when it is published next to the list, else its download URL.</summary>
    private static string MarketplaceUri(EndorsedImage image, HepixListInfo info)
    {
        if (info.CataloguePages && info.ListUri is not null && Uri.TryCreate(info.ListUri, UriKind.Absolute, out var list))
            return new Uri(list, Catalogue.CatalogueWriter.PageFile(image.Name)).AbsoluteUri;
        return image.Uri ?? "";
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
