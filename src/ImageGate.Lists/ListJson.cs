using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ImageGate.Core.Errors;

namespace ImageGate.Lists;

/// <summary>The JSON conventions of the list repository: camelCase keys in declaration order, two-space
/// indentation, '\n' line ends, nulls omitted, UTC times, a final newline.</summary>
public static class ListJson
{
    /// <summary>The serializer options every list file uses.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        Converters = { new UtcTimeConverter() },
    };

    /// <summary>Serializes <paramref name="value"/> to UTF-8 bytes with a final newline.</summary>
    public static byte[] Serialize<T>(T value) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value, Options) + "\n");

    /// <summary>Deserializes a list file; bad input naming <paramref name="path"/> when it is not valid.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> json, string path) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new BadInputException("the file holds null", path);
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"not a valid {typeof(T).Name}: {ex.Message}", path, ex);
        }
    }

    /// <summary>A UTC time as <c>YYYY-MM-DDTHH:MM:SSZ</c>.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString() ?? throw new JsonException("a time is null"), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal).ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(Time(value));
    }
}
