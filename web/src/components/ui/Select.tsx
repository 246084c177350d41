import * as RadixSelect from '@radix-ui/react-select'
import { Check, ChevronDown } from 'lucide-react'
import { forwardRef } from 'react'

export interface SelectOption {
  value: string
  label: string
}

export interface SelectGroup {
  label: string
  options: SelectOption[]
}

interface SelectProps {
  id?: string
  value: string
  onValueChange: (value: string) => void
  options?: SelectOption[]
  groups?: SelectGroup[]  // instead of options: options under headings
  placeholder?: string
  'aria-label'?: string
  'aria-labelledby'?: string
  'aria-invalid'?: boolean
  'aria-describedby'?: string
  disabled?: boolean
  className?: string
  name?: string
  onBlur?: () => void
  autoFocusInDialog?: boolean  // the field a dialog starts on (see Dialog)
}

// A listbox on Radix Select: keyboard (arrows, type-ahead, Enter), screen readers and a popup
// that stays on screen. Radix has no empty value, so "" is carried as a sentinel.
const kEmpty = '__none__'

export const Select = forwardRef<HTMLButtonElement, SelectProps>(function Select(
  { id, value, onValueChange, options, groups, placeholder, disabled, className, name, onBlur, autoFocusInDialog, ...aria },
  ref,
) {
  const item = (option: SelectOption) => (
    <RadixSelect.Item key={option.value || kEmpty} value={option.value || kEmpty} className="select-item">
      <RadixSelect.ItemText>{option.label}</RadixSelect.ItemText>
      <RadixSelect.ItemIndicator className="select-check">
        <Check aria-hidden size={14} />
      </RadixSelect.ItemIndicator>
    </RadixSelect.Item>
  )
  return (
    <RadixSelect.Root
      value={value === '' ? (placeholder ? undefined : kEmpty) : value}
      onValueChange={(next) => onValueChange(next === kEmpty ? '' : next)}
      disabled={disabled}
      name={name}
    >
      <RadixSelect.Trigger
        ref={ref}
        id={id}
        className={className ? `select-trigger ${className}` : 'select-trigger'}
        onBlur={onBlur}
        data-autofocus={autoFocusInDialog ? true : undefined}
        {...aria}
      >
        <RadixSelect.Value placeholder={placeholder} />
        <RadixSelect.Icon className="select-icon">
          <ChevronDown aria-hidden size={16} />
        </RadixSelect.Icon>
      </RadixSelect.Trigger>
      <RadixSelect.Portal>
        <RadixSelect.Content className="select-content" position="popper" sideOffset={4} collisionPadding={8}>
          <RadixSelect.Viewport className="select-viewport">
            {options?.map(item)}
            {groups?.map((group) => (
              <RadixSelect.Group key={group.label}>
                <RadixSelect.Label className="select-label">{group.label}</RadixSelect.Label>
                {group.options.map(item)}
              </RadixSelect.Group>
            ))}
          </RadixSelect.Viewport>
        </RadixSelect.Content>
      </RadixSelect.Portal>
    </RadixSelect.Root>
  )
})
