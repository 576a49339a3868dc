; Inno Setup script: a per-user installer for the Windows build, registering .backchannel files.
; Untested by this project's CI (it runs on Linux). On Windows, after building dist\backchannel:
;   iscc /DAppVersion=0.1.0 packaging\windows\backchannel.iss
; The installer is written to dist\Backchannel-<version>-setup.exe.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppId "org.backchannel.Backchannel"
#define ProgId "Backchannel.Database"
#define Build "..\..\dist\backchannel"
#define Icons "..\..\resources\icons"

[Setup]
AppId={#AppId}
AppName=Backchannel
AppVersion={#AppVersion}
AppPublisher=The Backchannel team
DefaultDirName={autopf}\Backchannel
DefaultGroupName=Backchannel
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
SetupIconFile={#Icons}\backchannel.ico
UninstallDisplayIcon={app}\Backchannel.exe
OutputDir=..\..\dist
OutputBaseFilename=Backchannel-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Files]
Source: "{#Build}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#Icons}\application-x-backchannel.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\Backchannel"; Filename: "{app}\Backchannel.exe"

[Registry]
; HKA is HKCU for a per-user install and HKLM for an all-users one.
Root: HKA; Subkey: "Software\Classes\.backchannel\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Backchannel database"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\application-x-backchannel.ico"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\Backchannel.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\Backchannel.exe\SupportedTypes"; ValueType: string; ValueName: ".backchannel"; ValueData: ""

[Run]
Filename: "{app}\Backchannel.exe"; Description: "Start Backchannel"; Flags: nowait postinstall skipifsilent
