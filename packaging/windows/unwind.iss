; Inno Setup script for Unwind on Windows: NOT BUILT OR TESTED (no Windows machine here).
; See packaging/windows/README.md. Build the PyInstaller bundle first (dist\unwind\), then:
;   iscc /DAppVersion=0.1.0 packaging\windows\unwind.iss
; which writes dist\unwind-0.1.0-windows-x64-setup.exe.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Unwind"
#define AppExe "unwind.exe"

[Setup]
; The reverse-DNS application id, as everywhere else; never change it (upgrades find the old
; install by it). The doubled brace keeps Inno Setup from reading it as a constant.
AppId={{io.github.unwind.Unwind}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Unwind developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install without an administrator, or for all users when the user chooses so.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=unwind-{#AppVersion}-windows-x64-setup
; unwind.spec writes this icon into PyInstaller's work folder (build\unwind by default).
SetupIconFile=..\..\build\unwind\unwind.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle. The user's journal and settings live in their own AppData
; folders (platformdirs), so an uninstall leaves them alone.
Source: "..\..\dist\unwind\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; A new version may drop files; stale ones in _internal would be loaded otherwise.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
