import { useState, type ClipboardEvent, type InputHTMLAttributes } from 'react'

type TextField = HTMLInputElement | HTMLTextAreaElement

/**
 * For a field with a length limit (its `maxLength`): the count once the text nears the limit, and a
 * warning when a paste did not fit and the browser cut it, which it does without a word.
 */
export function useLengthLimit(max: number) {
  const [cut, setCut] = useState(false)
  const onPaste = (event: ClipboardEvent<TextField>) => {
    const field = event.currentTarget
    const replaced = Math.abs((field.selectionEnd ?? 0) - (field.selectionStart ?? 0))
    // a field takes a line break as one character, where the clipboard may hold \r\n
    setCut(event.clipboardData.getData('text').replace(/\r\n?/g, '\n').length > max - field.value.length + replaced)
  }
  /** Call with the field's new text: a shorter text ends the warning. */
  const changed = (text: string) => {
    if (cut && text.length < max) setCut(false)
  }
  /** Call when the field shows another text than the user's (another annotation, an undo): the warning was about the other. */
  const reset = () => {
    if (cut) setCut(false)
  }
  const hint = (length: number) =>
    cut ? (
      <span className="field-warning length-hint" role="status">
        The pasted text was cut at {max.toLocaleString('en')} characters, the most this field holds.
      </span>
    ) : length >= max * 0.9 ? (
      <span className="length-hint" role="status">
        {length.toLocaleString('en')} of {max.toLocaleString('en')} characters
      </span>
    ) : null
  return { onPaste, changed, reset, hint }
}

/** A one-line text field of at most `maxLength` characters, with useLengthLimit's count and warning under it. */
export function LimitedInput({ value, maxLength, onValue, ...rest }: Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'onPaste' | 'maxLength'> & { value: string; maxLength: number; onValue: (text: string) => void }) {
  const limit = useLengthLimit(maxLength)
  return (
    <>
      <input
        {...rest}
        value={value}
        maxLength={maxLength}
        onPaste={limit.onPaste}
        onChange={(event) => {
          onValue(event.target.value)
          limit.changed(event.target.value)
        }}
      />
      {limit.hint(value.length)}
    </>
  )
}
