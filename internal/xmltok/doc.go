// Package xmltok is a pull tokenizer for XML documents held in memory, for
// messages that arrive from outside: small, fast, and strict.
//
// What it is: New copies the input once into an immutable string; Next
// returns start elements (name and attributes), end elements and text, each
// as slices of that string. Nothing is unescaped until it is read
// (Attr.Value, Tokenizer.Text), and nothing is allocated per name. Comments,
// processing instructions and the XML declaration are checked and skipped.
// Namespace prefixes are resolved (Name.Space) but names are not rewritten.
//
// Imports: the standard library only. It is internal: xmlmsg decodes every
// message with it, and tests hold it to encoding/xml as the oracle.
//
// # Safety contract
//
// Every rule below has a case in TestSafetyContract; a broken rule stops
// the tokenizer with an *Error that wraps the rule's sentinel and gives the
// line and column ("xmltok: line L, column C: …"):
//
//   - ErrDOCTYPE: <!DOCTYPE is refused, so no entity is ever declared or
//     expanded (no "billion laughs", no external entities).
//   - ErrEntity: only the five predefined entities &lt; &gt; &amp; &apos;
//     &quot; are recognised.
//   - ErrCharRef: character references must name an XML character: not
//     U+0000 or another C0 control than tab, LF and CR, not a surrogate, not
//     U+FFFE or U+FFFF, not above U+10FFFF.
//   - ErrDepth: elements nest at most Options.MaxDepth deep (64 by default).
//   - ErrAttrCount: an element carries at most Options.MaxAttrs attributes
//     (64 by default), namespace declarations included.
//   - ErrDuplicateAttr: no attribute twice on one element, by qualified name
//     or by namespace URI and local name.
//   - ErrEndTag: every end tag matches the open element, prefix included.
//   - ErrRoot: exactly one root element; outside it only white space,
//     comments and processing instructions (and a leading byte order mark).
//   - ErrControlChar: no C0 control other than tab, LF and CR, and no U+FFFE
//     or U+FFFF, anywhere in the document.
//   - ErrEncoding: an XML declaration naming an encoding other than UTF-8 is
//     refused; ErrNotUTF8: the input must be UTF-8.
//   - ErrNamespace: every prefix used on an element or attribute is bound;
//     a prefix is never bound to an empty URI; xml and xmlns keep their
//     reserved meanings.
//   - Linear time: every byte is read a bounded number of times whatever the
//     input (references, comments and sections are scanned once; attribute
//     duplicates are checked through a map past 16 attributes; namespace
//     look-ups through a map past 8 bindings), and line and column are
//     computed only for the error.
//
// # Where it is stricter than encoding/xml
//
// encoding/xml (with Strict set, reading as Unmarshal does: up to the end of
// the root element) accepts the documents below; xmltok refuses them, and
// its *Error says so (Stricter). Everything else that xmltok accepts,
// encoding/xml accepts too, with the same names, attribute values and text;
// everything encoding/xml accepts that xmltok refuses is one of these cases
// (FuzzTokens checks both claims on every input):
//
//  1. A DOCTYPE, and any other <! markup (<!ENTITY …>, <!x>) than comments
//     and CDATA sections.
//  2. Character references to surrogates (encoding/xml reads them as
//     U+FFFD).
//  3. Elements nested deeper than MaxDepth (encoding/xml allows 10,000) and
//     elements with more than MaxAttrs attributes.
//  4. Duplicate attributes (encoding/xml keeps both).
//  5. Anything other than white space, comments and processing instructions
//     before or after the root element, including a second root element
//     (encoding/xml's Unmarshal skips text before the root and never reads
//     past its end).
//  6. Control characters, U+FFFE/U+FFFF and bytes that are not UTF-8 in
//     comments and processing instructions (encoding/xml checks only text,
//     attribute values and names).
//  7. Unbound prefixes (encoding/xml keeps the prefix as the namespace),
//     prefixes bound to an empty URI, and misuse of the xml and xmlns
//     prefixes; names with more than one colon or an empty prefix or local
//     part (encoding/xml takes "a:b:c", ":a" and "a:" as local names).
//  8. Names with characters outside ASCII letters, digits, '_', '-', '.'
//     and one ':' (encoding/xml applies XML 1.0's Unicode 2.0 letter
//     tables). The message vocabularies are ASCII.
//  9. A missing white space between two attributes, or between a processing
//     instruction's target and its content.
//  10. An XML declaration anywhere but at the very start, one without a
//     version, or with pseudo-attributes out of order or misspelt; an
//     encoding declared with spaces around '=' that is not UTF-8 (encoding/xml
//     misses those); processing instruction targets that are "xml" in any
//     other letter case, or hold ':'.
//
// Like encoding/xml, attribute values keep tabs and line feeds (they are not
// normalised to spaces) and CR LF and lone CR become LF in attribute values,
// text and CDATA sections.
package xmltok
